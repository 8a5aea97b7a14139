package dev.cellar.tui.state;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.text.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code y} copies, by one rule: what has the focus. On the cells, the selected cell's
 * source, or its output when the output is selected (Tab); in the pager, the whole output
 * it pages; in the table viewer, the rows on screen with the header ({@link #rows}). Text only, as a person would paste it: colours and escapes dropped (a cell's
 * escapes never reach the clipboard raw), a table as tab-separated rows.
 *
 * @param text what goes to the clipboard (not yet bounded)
 * @param what what it is, for the message ("cell aa1111's source")
 */
public record Yank(String text, String what) {

    /**
     * What {@code y} copies in {@code s}, or null when there is nothing (no cell, an empty output,
     * no table rows here yet); {@code page}: the rows the table viewer shows.
     */
    public static Yank of(TuiState s, int page) {
        if (s.table() != null) {
            return rows(s.table(), page);
        }
        CellInfo cell = s.selectedCell();
        if (s.pager() != null) {
            String text = s.pager().lines().stream().map(TerminalText::plain).collect(Collectors.joining("\n"));
            return new Yank(text + "\n", s.pager().title());
        }
        if (cell == null) {
            return null;
        }
        if (s.outputSelected()) {
            String text = outputText(cell);
            return text.isEmpty() ? null : new Yank(text, "the output of cell " + cell.id());
        }
        return new Yank(cell.code(), "cell " + cell.id() + "'s source");
    }

    /** A cell's outputs and error as plain text, in order. */
    static String outputText(CellInfo c) {
        List<String> parts = new ArrayList<>();
        for (Output o : c.outputs()) {
            parts.add(switch (o) {
                case Output.Stream st -> TerminalText.plain(st.text());
                case Output.Text t -> TerminalText.plain(t.text());
                case Output.Table t -> tsv(t);
                case Output.Display d -> TerminalText.plain(d.plain());
            });
        }
        if (c.error() != null) {
            parts.add(TerminalText.plain(String.join("", c.error().traceback()) + c.error().summary()));
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    /** A table's header and the rows it carries, tab-separated: a spreadsheet pastes it into columns. */
    private static String tsv(Output.Table t) {
        return tsv(t.columns(), t.rows());
    }

    /**
     * The table viewer's rows {@code [top, top+count)} that are here, with the header, as {@code y}
     * copies them there: the rows a person sees, not the millions behind them. Null when none is here.
     */
    static Yank rows(TableViewer v, int count) {
        List<List<Object>> rows = new ArrayList<>();
        long end = Math.min(v.rowCount(), v.top() + count);
        for (long i = v.top(); i < end && v.row(i) != null; i++) {
            rows.add(v.row(i));
        }
        if (rows.isEmpty()) {
            return null;
        }
        return new Yank(tsv(v.columns(), rows), "rows " + (v.top() + 1) + "–" + (v.top() + rows.size())
                + " of the table of cell " + v.cellId());
    }

    private static String tsv(List<Output.Column> columns, List<List<Object>> rowsToCopy) {
        StringBuilder sb = new StringBuilder();
        sb.append(columns.stream().map(col -> cellText(col.name())).collect(Collectors.joining("\t"))).append('\n');
        for (List<Object> row : rowsToCopy) {
            sb.append(row.stream().map(v -> cellText(String.valueOf(v))).collect(Collectors.joining("\t"))).append('\n');
        }
        return sb.toString();
    }

    private static String cellText(String v) {
        return TerminalText.plain(v).replace('\t', ' ').replace('\n', ' ');
    }

    /** The message after copying {@code sent} of this: what, how many lines, and whether it was cut to fit. */
    public String message(String sent) {
        long lines = text.lines().count();
        if (sent.length() == text.length()) {
            return "copied " + what + " to the clipboard (" + count(lines, "line") + ", OSC 52)";
        }
        return "copied the first " + String.format("%,d", sent.lines().count()) + " of " + count(lines, "line") + " of "
                + what + " (the clipboard takes " + dev.cellar.tui.term.Osc52.MAX_BYTES / 1000 + " kB)";
    }

    private static String count(long n, String noun) {
        return String.format("%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }
}
