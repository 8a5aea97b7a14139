package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.image.BlockImage;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.text.TerminalText;
import java.util.ArrayList;
import java.util.List;

/**
 * One cell as screen rows at a given width: header, code (or the editor, or rendered
 * markdown), outputs (text soft-wrapped with a continuation marker, pictures as
 * half-blocks) and the error. Nothing is cut at the edge.
 */
final class CellLines {
    static final int MAX_OUTPUT_LINES = 6;
    private final Glyphs glyphs;
    private final Pictures pictures;

    CellLines(Glyphs glyphs, Pictures pictures) {
        this.glyphs = glyphs;
        this.pictures = pictures;
    }

    /** {@code maxPictureRows}: how tall a picture may be (the pane's height, less room for its cell). */
    List<Line> block(TuiState s, int index, int w, int maxPictureRows) {
        CellInfo c = s.cells().get(index);
        boolean sel = index == s.selected();
        List<Line> out = new ArrayList<>();
        out.add(header(s, c, index, sel));
        Editor e = sel && s.mode() == Mode.EDIT ? s.editor() : null;
        if (e != null && e.cellId().equals(c.id())) {
            for (String who : s.presence().editing(c.id())) {
                // said before the first keystroke; it never blocks: the cell's version decides at save
                out.addAll(Line.wrap(List.of(), List.of(new Syntax.Span("  ! " + who + " is editing this cell too: "
                        + "if they save first, you will see both versions", TextColor.ANSI.YELLOW, false)), w, cont("  "), -1));
            }
            editor(out, e, c.kind(), w);
            return out;
        }
        if (c.kind() == CellKind.MARKDOWN && !c.code().isBlank()) {
            out.addAll(MarkdownLines.render(c.code(), w, glyphs));
            return out;
        }
        List<String> code = List.of(c.code().split("\n", -1));
        int shown = sel ? code.size() : Math.min(code.size(), 4);
        for (int r = 0; r < shown; r++) {
            out.addAll(Line.wrap(List.of(plain("    ")), Syntax.line(shownCode(code.get(r), "    "), c.kind()), w, cont("   "), -1));
        }
        if (shown < code.size()) {
            out.add(Line.of("    … " + (code.size() - shown) + " more lines", TextColor.ANSI.BLACK_BRIGHT));
        }
        outputs(out, c, sel, sel && s.outputSelected(), w, maxPictureRows);
        return out;
    }

    private Line header(TuiState s, CellInfo c, int index, boolean sel) {
        List<Syntax.Span> head = new ArrayList<>();
        head.add(new Syntax.Span((sel ? glyphs.selected() : " ") + " [" + index + "] " + c.id() + " " + c.kind().wireName()
                + " ", sel ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.BLACK_BRIGHT, sel));
        head.add(new Syntax.Span(glyphs.status(c.status()) + " " + c.status().wireName(), Glyphs.color(c.status()), true));
        if (c.out() != null) {
            head.add(new Syntax.Span("  -> " + c.out(), TextColor.ANSI.BLACK_BRIGHT, false));
        }
        for (String who : s.presence().editing(c.id())) {
            head.add(new Syntax.Span("  " + glyphs.editing() + " " + who, TextColor.ANSI.MAGENTA, true));
        }
        if (s.changedByOthers().contains(c.id())) {
            // the actor "file": an editor, git or an agent wrote the notebook's file
            head.add(new Syntax.Span("file".equals(c.lastActor()) ? "  * changed on disk"
                    : "  * changed by " + (c.lastActor() == null ? "someone" : c.lastActor()), TextColor.ANSI.YELLOW, true));
        }
        return Line.of(head, -1);
    }

    private void editor(List<Line> out, Editor e, CellKind kind, int w) {
        if (e.inConflict()) {
            for (String t : ("  ! " + e.theirActor() + " changed this cell while you edited it; theirs:").split("\n")) {
                out.addAll(Line.wrap(List.of(), List.of(red(t)), w, cont("  "), -1));
            }
            for (String t : e.theirs().split("\n", -1)) {
                out.addAll(Line.wrap(List.of(red("  < ")), List.of(red(t)), w, cont("   "), -1));
            }
            out.add(Line.of("  yours:", TextColor.ANSI.RED));
        }
        List<Editor.Pos> sel = e.selection();
        for (int r = 0; r < e.lines().size(); r++) {
            String text = shownCode(e.lines().get(r), " "); // a tab as one column: the cursor's column stays true
            List<Syntax.Span> spans = Syntax.line(text, kind);
            if (sel != null && r >= sel.get(0).row() && r <= sel.get(1).row()) {
                int from = r == sel.get(0).row() ? sel.get(0).col() : 0;
                // a selected line break shows as one reversed cell after the line's text
                int to = r == sel.get(1).row() ? sel.get(1).col() : text.length() + 1;
                if (to > text.length()) {
                    spans = new ArrayList<>(spans);
                    spans.add(plain(" "));
                }
                spans = Syntax.reversed(spans, from, to);
            }
            out.addAll(Line.wrap(List.of(new Syntax.Span("  > ", TextColor.ANSI.YELLOW, false)),
                    spans, w, cont("   "), r == e.row() ? e.col() : -1));
        }
    }

    /** {@code focused}: the selection is on this output (Tab): its bar is bright and its first row marked. */
    private void outputs(List<Line> out, CellInfo c, boolean sel, boolean focused, int w, int maxPictureRows) {
        Syntax.Span bar = focused ? new Syntax.Span("    " + glyphs.bar() + " ", TextColor.ANSI.YELLOW_BRIGHT, true)
                : plain("    " + glyphs.bar() + " ");
        Syntax.Span marked = new Syntax.Span("  " + glyphs.selected() + " " + glyphs.bar() + " ", TextColor.ANSI.YELLOW_BRIGHT,
                true);
        Syntax.Span more = cont("    " + glyphs.bar());
        List<Line> text = new ArrayList<>();
        for (Output o : c.outputs()) {
            PictureSlot slot = o instanceof Output.Display d ? pictures.slot(d, w - 6, maxPictureRows) : null;
            if (slot != null) {
                for (int r = 0; r < slot.rows(); r++) {
                    text.add(Line.slot(slot, r, 6));
                }
                continue;
            }
            BlockImage picture = o instanceof Output.Display d ? pictures.blocks(d, w - 6, maxPictureRows) : null;
            if (picture != null) {
                for (int r = 0; r < picture.rows(); r++) {
                    text.add(Line.picture(picture, r, 6));
                }
                continue;
            }
            for (String line : outputText(o, w - 6)) {
                text.addAll(Line.wrap(List.of(focused && text.isEmpty() ? marked : bar), Styled.line(line, TextColor.ANSI.DEFAULT),
                        w, more, -1));
            }
        }
        int limit = sel ? MAX_OUTPUT_LINES * 2 : MAX_OUTPUT_LINES;
        int rows = (int) text.stream().filter(l -> l.image() == null && l.slot() == null).count();
        // a running cell shows its latest lines (a progress loop moves); a finished one its first
        boolean tail = c.status() == CellStatus.RUNNING && rows > limit;
        if (tail) {
            out.add(Line.of("    " + glyphs.bar() + " … " + (rows - limit) + " earlier lines (o shows them all)",
                    TextColor.ANSI.BLACK_BRIGHT));
        }
        int shown = 0;
        for (Line line : text) {
            if (line.image() == null && line.slot() == null) {
                shown++;
                if (tail ? shown <= rows - limit : shown > limit) {
                    continue;
                }
            }
            out.add(line);
        }
        if (!tail && rows > limit) {
            out.add(Line.of("    " + glyphs.bar() + " … " + (rows - limit) + " more lines (o shows them all)",
                    TextColor.ANSI.BLACK_BRIGHT));
        }
        if (c.error() != null) {
            Syntax.Span redBar = red("    " + glyphs.bar() + " ");
            // an error's own lines stay lines (DuckDB's "LINE 2: …" and its ^^^ marker under the text)
            for (List<Syntax.Span> line : Styled.lines(c.error().summary(), TextColor.ANSI.RED)) {
                out.addAll(Line.wrap(List.of(redBar), line, w, cont("    " + glyphs.bar()), -1));
            }
            if (sel) {
                for (List<Syntax.Span> tb : Styled.lines(String.join("", c.error().traceback()), TextColor.ANSI.RED)) {
                    if (!tb.stream().allMatch(sp -> sp.text().isBlank())) {
                        out.addAll(Line.wrap(List.of(redBar), tb, w, cont("    " + glyphs.bar()), -1));
                    }
                }
            }
        }
    }

    /**
     * An output as lines of text (a picture's placeholder when it is not drawn), made safe by
     * {@link TerminalText#ansi}: each line holds no control but the SGR colours it starts with.
     */
    static List<String> outputText(Output o, int width) {
        String text = switch (o) {
            case Output.Stream st -> st.text();
            case Output.Text t -> t.text();
            case Output.Table t -> TableText.grid(t, width);
            case Output.Display d -> Pictures.placeholder(d);
        };
        List<String> out = new ArrayList<>(List.of(TerminalText.ansi(text).split("\n", -1)));
        if (text.endsWith("\n")) {
            out.removeLast();
        }
        return out;
    }

    /** Every output of a cell as text lines, unwrapped (the pager's content). */
    static List<String> allOutputText(CellInfo c, int width) {
        List<String> out = new ArrayList<>();
        for (Output o : c.outputs()) {
            out.addAll(outputText(o, width));
        }
        if (c.error() != null) {
            out.addAll(List.of(TerminalText.ansi(c.error().summary()).split("\n", -1)));
            out.addAll(List.of(TerminalText.ansi(String.join("", c.error().traceback())).split("\n")));
        }
        return out;
    }

    /** A line of code as it can be drawn: a tab as {@code tab}, any control character as its picture. */
    private static String shownCode(String line, String tab) {
        return TerminalText.visible(line.replace("\t", tab));
    }

    private Syntax.Span cont(String indent) {
        return new Syntax.Span(indent + glyphs.wrap(), TextColor.ANSI.BLACK_BRIGHT, false);
    }

    private static Syntax.Span plain(String text) {
        return new Syntax.Span(text, TextColor.ANSI.DEFAULT, false);
    }

    private static Syntax.Span red(String text) {
        return new Syntax.Span(text, TextColor.ANSI.RED, false);
    }
}
