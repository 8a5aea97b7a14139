package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.TableViewer;
import dev.cellar.tui.text.TerminalText;
import java.util.ArrayList;
import java.util.List;

/**
 * The table viewer: a title line with the shape, sort and search; the column names and their
 * types; the rows from the top one, each led by its position. The first column stays pinned
 * while the others scroll to keep the selected one in view; numbers are right-aligned; every
 * value reaches the screen with its controls as pictures.
 */
final class TableViewerView {
    /** The widest a column is drawn; longer values end in "…". */
    static final int MAX_WIDTH = 30;

    private TableViewerView() {
    }

    /** Draws between row 1 and {@code bottom} (exclusive); returns the search input's cursor when typing. */
    static Renderer.Cursor draw(TextGraphics g, int w, int bottom, TableViewer v) {
        int rows = Math.max(1, bottom - 4);
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
        Styled.put(g, 0, 1, fit(title(v, rows), w));
        List<Output.Column> cols = v.columns();
        if (cols.isEmpty()) {
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
            return null;
        }
        long end = Math.min(v.rowCount(), v.top() + rows);
        int gutter = Long.toString(Math.max(1, v.rowCount())).length();
        int[] widths = new int[cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            widths[j] = Math.max(text(cols.get(j).name()).length(), text(type(cols.get(j))).length());
            for (long i = v.top(); i < end; i++) {
                List<Object> r = v.row(i);
                if (r != null && j < r.size()) {
                    widths[j] = Math.max(widths[j], value(r.get(j)).length());
                }
            }
            widths[j] = Math.max(1, Math.min(MAX_WIDTH, widths[j]));
        }
        List<Integer> shown = columnsShown(v, widths, w - gutter - 1);
        boolean[] numeric = new boolean[cols.size()];
        for (int j : shown) {
            numeric[j] = v.numeric(j);
        }
        header(g, 2, gutter, shown, widths, numeric, v, j -> text(cols.get(j).name()), TextColor.ANSI.DEFAULT);
        header(g, 3, gutter, shown, widths, numeric, v, j -> text(type(cols.get(j))), TextColor.ANSI.BLACK_BRIGHT);
        int row = 4;
        for (long i = v.top(); i < end && row < bottom; i++, row++) {
            List<Object> r = v.row(i);
            g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
            Styled.put(g, 0, row, pad(Long.toString(i), gutter, true));
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
            if (r == null) {
                Styled.put(g, gutter + 1, row, "…");
                continue;
            }
            int col = gutter + 1;
            for (int j : shown) {
                Object x = j < r.size() ? r.get(j) : null;
                g.setForegroundColor(x == null ? TextColor.ANSI.BLACK_BRIGHT : TextColor.ANSI.DEFAULT);
                Styled.put(g, col, row, clip(pad(value(x), widths[j], numeric[j] && x != null), w - col));
                col += widths[j] + (j == 0 && shown.size() > 1 ? 3 : 2);
                if (j == 0 && shown.size() > 1) {
                    g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
                    Styled.put(g, col - 2, row, clip("│", w - col + 2));
                }
            }
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        return v.typing() ? new Renderer.Cursor(Math.min(w - 1, 2 + v.query().length()), bottom) : null;
    }

    /** The pinned first column, then from the first scrolling one that keeps the selected column in view, as many as fit. */
    static List<Integer> columnsShown(TableViewer v, int[] widths, int room) {
        int n = widths.length;
        int selected = Math.min(v.column(), n - 1);
        int pinned = widths[0] + 3;
        int left = Math.max(1, Math.min(v.left(), n - 1));
        if (selected >= 1 && selected < left) {
            left = selected;
        }
        while (left < selected && span(widths, left, selected) > room - pinned) {
            left++;
        }
        List<Integer> out = new ArrayList<>();
        out.add(0);
        int used = pinned;
        for (int j = left; j < n && j >= 1; j++) {
            if (used + Math.min(widths[j], 4) > room && out.size() > 1) {
                break;
            }
            out.add(j);
            used += widths[j] + 2;
        }
        return out;
    }

    private static int span(int[] widths, int from, int to) {
        int sum = 0;
        for (int j = from; j <= to; j++) {
            sum += widths[j] + 2;
        }
        return sum;
    }

    private static void header(TextGraphics g, int row, int gutter, List<Integer> shown, int[] widths, boolean[] numeric,
                               TableViewer v, java.util.function.IntFunction<String> label, TextColor color) {
        int col = gutter + 1;
        for (int j : shown) {
            boolean selected = j == v.column();
            g.setForegroundColor(selected ? TextColor.ANSI.BLACK : color);
            g.setBackgroundColor(selected ? TextColor.ANSI.CYAN : TextColor.ANSI.DEFAULT);
            Styled.put(g, col, row, pad(label.apply(j), widths[j], numeric[j]));
            g.setBackgroundColor(TextColor.ANSI.DEFAULT);
            col += widths[j] + (j == 0 && shown.size() > 1 ? 3 : 2);
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /** "table of cell c1  rows 1–20 of 10,000 × 12 columns  sorted by v ↓  "abc": 111 of 10,000 rows". */
    static String title(TableViewer v, int rows) {
        StringBuilder t = new StringBuilder(" table of cell ").append(v.cellId()).append("  ");
        long n = v.rowCount();
        if (n == 0) {
            t.append(v.loading() ? "reading…" : "no rows");
        } else {
            t.append("rows ").append(String.format("%,d", v.top() + 1)).append('–')
                    .append(String.format("%,d", Math.min(n, v.top() + rows))).append(" of ").append(String.format("%,d", n));
        }
        t.append(" × ").append(v.columns().size()).append(v.columns().size() == 1 ? " column" : " columns");
        if (v.handle() == null && v.total() > v.rowCount()) {
            t.append(" (the preview of ").append(String.format("%,d", v.total())).append(')');
        }
        if (v.sort() != null) {
            t.append("  sorted by ").append(text(v.sort())).append(v.descending() ? " ↓" : " ↑");
        }
        if (v.search() != null) {
            t.append("  \"").append(text(v.search())).append("\": ").append(String.format("%,d", v.matching()))
                    .append(" of ").append(String.format("%,d", v.total()));
        }
        if (v.loading() && n > 0) {
            t.append("  reading…");
        }
        return t.toString();
    }

    private static String type(Output.Column c) {
        return c.type() == null ? "" : c.type();
    }

    private static String value(Object v) {
        return clipTo(text(String.valueOf(v)), MAX_WIDTH);
    }

    private static String text(String s) {
        return TerminalText.visible(s);
    }

    private static String clipTo(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String pad(String s, int width, boolean right) {
        String v = clipTo(s, width);
        String pad = " ".repeat(Math.max(0, width - v.length()));
        return right ? pad + v : v + pad;
    }

    private static String clip(String s, int room) {
        return room <= 0 ? "" : s.length() <= room ? s : s.substring(0, room);
    }

    private static String fit(String s, int w) {
        return s.length() > w ? s.substring(0, w) : s;
    }
}
