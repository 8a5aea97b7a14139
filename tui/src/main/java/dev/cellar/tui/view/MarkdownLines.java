package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import java.util.ArrayList;
import java.util.List;

/** A markdown cell's text as screen rows. */
final class MarkdownLines {
    private MarkdownLines() {
    }

    static List<Line> render(String source, int width, Glyphs glyphs) {
        List<Line> out = new ArrayList<>();
        for (String line : source.split("\n", -1)) {
            out.addAll(Line.wrap(List.of(new Syntax.Span("    ", TextColor.ANSI.DEFAULT, false)),
                    List.of(new Syntax.Span(line, TextColor.ANSI.DEFAULT, false)), width,
                    new Syntax.Span("   " + glyphs.wrap(), TextColor.ANSI.BLACK_BRIGHT, false), -1));
        }
        return out;
    }
}
