package dev.cellar.tui.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.cellar.tui.text.TerminalText;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Output text on screen: {@link TerminalText}'s runs as spans in Lanterna's colours, and the one
 * way text is put on the screen ({@link #put}), which shows any control character left as its
 * picture. Lanterna refuses control characters ("Cannot create a TextCharacter from a control
 * character"): without this guard a cell printing an ESC ended the UI.
 */
final class Styled {
    /** The 16 ANSI colours by SGR index: the terminal's own palette, as the cell meant them. */
    private static final TextColor[] ANSI = {TextColor.ANSI.BLACK, TextColor.ANSI.RED, TextColor.ANSI.GREEN,
        TextColor.ANSI.YELLOW, TextColor.ANSI.BLUE, TextColor.ANSI.MAGENTA, TextColor.ANSI.CYAN, TextColor.ANSI.WHITE,
        TextColor.ANSI.BLACK_BRIGHT, TextColor.ANSI.RED_BRIGHT, TextColor.ANSI.GREEN_BRIGHT, TextColor.ANSI.YELLOW_BRIGHT,
        TextColor.ANSI.BLUE_BRIGHT, TextColor.ANSI.MAGENTA_BRIGHT, TextColor.ANSI.CYAN_BRIGHT, TextColor.ANSI.WHITE_BRIGHT};

    private Styled() {
    }

    /** Output text as lines of spans; {@code base}: the colour of text that set none (an error's red). */
    static List<List<Syntax.Span>> lines(String text, TextColor base) {
        List<List<Syntax.Span>> out = new ArrayList<>();
        for (List<TerminalText.Run> line : TerminalText.lines(text)) {
            out.add(spans(line, base));
        }
        return out;
    }

    /** One line that holds at most SGR (as {@link TerminalText#ansi} writes it) as spans. */
    static List<Syntax.Span> line(String text, TextColor base) {
        return spans(TerminalText.lines(text).getFirst(), base);
    }

    private static List<Syntax.Span> spans(List<TerminalText.Run> runs, TextColor base) {
        List<Syntax.Span> out = new ArrayList<>(runs.size());
        for (TerminalText.Run run : TerminalText.expandTabs(runs)) {
            TerminalText.Style st = run.style();
            TextColor fg = st.fg() == null ? base : color(st.fg());
            out.add(new Syntax.Span(run.text(), fg, st.bold(), st.bg() == null ? null : color(st.bg()), st.italic(),
                    st.underline(), st.reverse()));
        }
        return out;
    }

    static TextColor color(TerminalText.Color c) {
        return switch (c) {
            case TerminalText.Indexed i when i.index() < 16 -> ANSI[i.index()];
            case TerminalText.Indexed i -> new TextColor.Indexed(i.index());
            case TerminalText.Rgb rgb -> new TextColor.RGB(rgb.r(), rgb.g(), rgb.b());
        };
    }


    /** Puts text on the screen with every control character shown as its picture. */
    static void put(TextGraphics g, int col, int row, String text) {
        g.putString(col, row, TerminalText.visible(text));
    }

    /** Puts a span: its colours, background and styles (a background of null keeps the one set). */
    static void put(TextGraphics g, int col, int row, Syntax.Span span, String text) {
        TextColor bg = g.getBackgroundColor();
        g.setForegroundColor(span.color());
        if (span.background() != null) {
            g.setBackgroundColor(span.background());
        }
        EnumSet<SGR> sgr = EnumSet.noneOf(SGR.class);
        if (span.bold()) {
            sgr.add(SGR.BOLD);
        }
        if (span.italic()) {
            sgr.add(SGR.ITALIC);
        }
        if (span.underline()) {
            sgr.add(SGR.UNDERLINE);
        }
        if (span.reverse()) {
            sgr.add(SGR.REVERSE);
        }
        String safe = TerminalText.visible(text);
        if (sgr.isEmpty()) {
            g.putString(col, row, safe);
        } else {
            g.putString(col, row, safe, sgr);
        }
        g.setBackgroundColor(bg);
    }
}
