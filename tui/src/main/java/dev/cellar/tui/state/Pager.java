package dev.cellar.tui.state;

import java.util.List;
import java.util.Locale;

/**
 * The whole output of one cell in a scrollable view (each line holds at most SGR colours,
 * written by {@code TerminalText.ansi}, never a cell's own escapes): the lines, the first one shown, and the
 * search ({@code /} types a query, Enter or {@code n} finds the next line holding it).
 */
public record Pager(String title, List<String> lines, int top, String query, boolean typing, String note) {

    public Pager {
        lines = List.copyOf(lines);
    }

    public static Pager of(String title, List<String> lines) {
        return new Pager(title, lines, 0, "", false, "");
    }

    public Pager scrolled(int by) {
        return new Pager(title, lines, Math.max(0, Math.min(top + by, lines.size() - 1)), query, typing, "");
    }

    public Pager typing(String text) {
        return new Pager(title, lines, top, text, true, "");
    }

    /** The next line after the top that holds the query (case-insensitive), from the start again after the end. */
    public Pager findNext() {
        if (query.isEmpty() || lines.isEmpty()) {
            return new Pager(title, lines, top, query, false, "");
        }
        String q = query.toLowerCase(Locale.ROOT);
        for (int i = 1; i <= lines.size(); i++) {
            int at = (top + i) % lines.size();
            if (dev.cellar.tui.text.TerminalText.plain(lines.get(at)).toLowerCase(Locale.ROOT).contains(q)) {
                return new Pager(title, lines, at, query, false, at <= top ? "search wrapped to the top" : "");
            }
        }
        return new Pager(title, lines, top, query, false, "not found: " + query);
    }
}
