package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.cellar.tui.state.Pager;
import java.util.List;
import java.util.Locale;

/** The pager over a cell's whole output: a title row, the lines soft-wrapped from the top one, matches highlighted. */
final class PagerView {
    private PagerView() {
    }

    /** Draws between row 1 and {@code bottom} (exclusive); returns the search input's cursor when typing. */
    static Renderer.Cursor draw(TextGraphics g, int w, int bottom, Pager p, Glyphs glyphs) {
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
        int last = Math.min(p.lines().size(), p.top() + 1);
        Styled.put(g, 0, 1, fit(" " + p.title() + "  line " + last + " of " + p.lines().size(), w));
        String q = p.query().toLowerCase(Locale.ROOT);
        int row = 2;
        Syntax.Span cont = new Syntax.Span(" " + glyphs.wrap(), TextColor.ANSI.BLACK_BRIGHT, false);
        for (int i = p.top(); i < p.lines().size() && row < bottom; i++) {
            // a line holds at most SGR (the output as TerminalText.ansi wrote it): colours shown, searched without them
            String text = dev.cellar.tui.text.TerminalText.plain(p.lines().get(i));
            boolean hit = !q.isEmpty() && text.toLowerCase(Locale.ROOT).contains(q);
            TextColor color = hit ? TextColor.ANSI.YELLOW_BRIGHT : TextColor.ANSI.DEFAULT;
            List<Syntax.Span> spans = hit ? List.of(new Syntax.Span(text, color, true))
                    : Styled.line(p.lines().get(i), TextColor.ANSI.DEFAULT);
            for (Line line : Line.wrap(List.of(new Syntax.Span("  ", color, false)), spans, w, cont, -1)) {
                if (row >= bottom) {
                    break;
                }
                int col = 0;
                for (Syntax.Span span : line.spans()) {
                    Styled.put(g, col, row, span, span.text());
                    col += span.text().length();
                }
                row++;
            }
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        return p.typing() ? new Renderer.Cursor(Math.min(w - 1, 2 + p.query().length()), bottom) : null;
    }

    /** The key hints (or the search being typed) for the bottom row. */
    private static String fit(String s, int w) {
        return Footer.shorten(s, w - 1);
    }
}
