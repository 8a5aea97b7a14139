package dev.cellar.cli;

import dev.cellar.protocol.model.Output;
import dev.cellar.tui.text.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A table output as aligned text columns, with its total row count when only the first rows are kept. */
final class TablePrinter {
    private static final int MAX_WIDTH = 40;

    private TablePrinter() {
    }

    static void print(PrintWriter out, Output.Table table) {
        List<String> header = table.columns().stream().map(c -> shown(c.name())).toList();
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            rows.add(row.stream().map(v -> clip(shown(String.valueOf(v)))).toList());
        }
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], c < row.size() ? row.get(c).length() : 0);
            }
        }
        out.println(line(header, widths));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        if (table.rowCount() > rows.size()) {
            out.println("… " + table.rowCount() + " rows in all");
        }
    }

    /**
     * Rows printed page by page under one header: widths from the header and the first page
     * (a later longer value widens its column from then on), numbers to the right.
     */
    static final class Grid {
        private final PrintWriter out;
        private final int[] widths;
        private final boolean[] numeric;

        Grid(PrintWriter out, List<Output.Column> columns, List<List<Object>> first) {
            this.out = out;
            List<String> header = columns.stream().map(c -> clip(shown(c.name()))).toList();
            widths = new int[header.size()];
            numeric = new boolean[header.size()];
            for (int c = 0; c < widths.length; c++) {
                widths[c] = header.get(c).length();
                boolean allNumbers = !first.isEmpty();
                for (List<Object> row : first) {
                    Object v = c < row.size() ? row.get(c) : null;
                    widths[c] = Math.max(widths[c], clip(shown(String.valueOf(v))).length());
                    allNumbers &= v == null || v instanceof Number;
                }
                numeric[c] = allNumbers;
            }
            out.println(aligned(header));
            List<String> types = columns.stream().map(c -> clip(shown(c.type() == null ? "" : c.type()))).toList();
            if (types.stream().anyMatch(t -> !t.isEmpty())) {
                for (int c = 0; c < widths.length; c++) {
                    widths[c] = Math.max(widths[c], types.get(c).length());
                }
                out.println(aligned(types));
            }
        }

        void print(List<List<Object>> rows) {
            for (List<Object> row : rows) {
                out.println(aligned(row.stream().map(v -> clip(shown(String.valueOf(v)))).toList()));
            }
            out.flush();
        }

        private String aligned(List<String> cells) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String v = c < cells.size() ? cells.get(c) : "";
                widths[c] = Math.max(widths[c], v.length());
                String pad = " ".repeat(widths[c] - v.length());
                sb.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + v : v + pad);
            }
            return sb.toString().stripTrailing();
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String v = c < cells.size() ? cells.get(c) : "";
            sb.append(c == 0 ? "" : "  ").append(v).append(" ".repeat(widths[c] - v.length()));
        }
        return sb.toString().stripTrailing();
    }

    /** A value as one line a terminal only shows: every control shown as its picture (no progress-bar reading: a value is data). */
    private static String shown(String v) {
        return TerminalText.visible(v);
    }

    private static String clip(String v) {
        return v.length() <= MAX_WIDTH ? v : v.substring(0, MAX_WIDTH - 1) + "…";
    }
}
