package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import dev.cellar.tui.image.BlockImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One screen row of the cells view: coloured spans (and the editor's cursor column when it is
 * on this row), one row of a half-block picture, or one row of the room kept for a picture the
 * terminal draws ({@code slot}).
 */
record Line(List<Syntax.Span> spans, int cursorCol, BlockImage image, int imageRow, int imageCol, PictureSlot slot) {

    static Line of(String text, TextColor color) {
        return new Line(List.of(new Syntax.Span(text, color, false)), -1, null, 0, 0, null);
    }

    static Line of(List<Syntax.Span> spans, int cursorCol) {
        return new Line(spans, cursorCol, null, 0, 0, null);
    }

    static Line picture(BlockImage image, int row, int col) {
        return new Line(List.of(), -1, image, row, col, null);
    }

    static Line slot(PictureSlot slot, int row, int col) {
        return new Line(List.of(), -1, null, row, col, slot);
    }

    /**
     * Soft-wraps {@code prefix + content} at {@code width} columns: continuation rows start with
     * {@code cont} (as wide as the prefix, ending in the continuation marker). {@code cursor} is
     * a column in the content (or -1); the row it falls on carries it, on a row of its own
     * when it sits just past a full row.
     */
    static List<Line> wrap(List<Syntax.Span> prefix, List<Syntax.Span> content, int width, Syntax.Span cont, int cursor) {
        int prefixWidth = prefix.stream().mapToInt(s -> s.text().length()).sum();
        int room = Math.max(1, width - prefixWidth);
        List<Line> out = new ArrayList<>();
        List<Syntax.Span> row = new ArrayList<>(prefix);
        int used = 0;
        int rowStart = 0;
        for (Syntax.Span span : content) {
            String t = span.text();
            int at = 0;
            while (at < t.length()) {
                if (used == room) {
                    out.add(Line.of(row, cursorOn(cursor, rowStart, room, prefixWidth)));
                    row = new ArrayList<>(List.of(cont));
                    rowStart += room;
                    used = 0;
                }
                int take = Math.min(room - used, t.length() - at);
                row.add(span.withText(t.substring(at, at + take)));
                at += take;
                used += take;
            }
        }
        boolean last = cursor < 0 || cursor < rowStart + room;
        out.add(Line.of(row, cursorOn(cursor, rowStart, room, prefixWidth)));
        if (!last) {
            out.add(Line.of(List.of(cont), prefixWidth + cursor - rowStart - room));
        }
        return out;
    }

    private static int cursorOn(int cursor, int rowStart, int room, int prefixWidth) {
        return cursor >= rowStart && cursor < rowStart + room ? prefixWidth + cursor - rowStart : -1;
    }
}
