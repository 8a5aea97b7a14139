package dev.cellar.tui.view;

import dev.cellar.protocol.model.Output;
import java.util.ArrayList;
import java.util.List;

/** A table output as a text grid that fits the pane. */
final class TableText {
    /** Rows inline: with the header, its rule and the line saying what is hidden, within a cell's 12 output lines. */
    private static final int MAX_ROWS = 8;

    private TableText() {
    }

    /** A value as one line without any control: every control shown as its picture (no progress-bar reading: a value is data). */
    private static String shown(String value) {
        return dev.cellar.tui.text.TerminalText.visible(value);
    }

    /**
     * What the inline preview leaves out, in rows and columns, and how to see it ("" when
     * nothing): "10 of 5,000 rows · 4 of 30 columns shown · v views them all".
     */
    static String hidden(Output.Table t, int rowsShown, int columnsShown) {
        boolean moreRows = t.rowCount() > rowsShown;
        boolean moreColumns = columnsShown < t.columns().size();
        if (!moreRows && !moreColumns) {
            return "";
        }
        StringBuilder sb = new StringBuilder("(");
        if (moreRows) {
            sb.append(String.format("%,d of %,d rows", rowsShown, t.rowCount()));
        }
        if (moreColumns) {
            sb.append(moreRows ? " · " : "").append(columnsShown).append(" of ").append(t.columns().size()).append(" columns");
        }
        sb.append(" shown · v: ").append(t.pageable() ? "view them all" : "view the preview; run the cell to page all")
                .append(")\n");
        return sb.toString();
    }

    static String grid(Output.Table t, int width) {
        int n = t.columns().size();
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>();
        t.columns().forEach(c -> head.add(shown(c.name())));
        rows.add(head);
        for (int i = 0; i < Math.min(MAX_ROWS, t.rows().size()); i++) {
            List<String> r = new ArrayList<>();
            t.rows().get(i).forEach(v -> r.add(shown(String.valueOf(v))));
            rows.add(r);
        }
        int[] w = new int[n];
        for (List<String> r : rows) {
            for (int j = 0; j < n && j < r.size(); j++) {
                w[j] = Math.min(24, Math.max(w[j], r.get(j).length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        int fits = 0; // columns that start within the width
        for (int j = 0, at = 0; j < n; j++) {
            if (at < width) {
                fits++;
            }
            at += w[j] + 3;
        }
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < n; j++) {
                String v = j < rows.get(i).size() ? rows.get(i).get(j) : "";
                v = v.length() > w[j] ? v.substring(0, w[j] - 1) + "…" : v;
                line.append(j == 0 ? "" : " | ").append(v).append(" ".repeat(w[j] - v.length()));
            }
            String l = line.toString().stripTrailing();
            sb.append(l.length() > width ? l.substring(0, width) : l).append('\n');
            if (i == 0) {
                sb.append("-".repeat(Math.min(width, l.length()))).append('\n');
            }
        }
        sb.append(hidden(t, rows.size() - 1, fits));
        return sb.toString();
    }
}
