package dev.cellar.tui.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.ChatLine;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link TuiState}: a status bar, the cells (status glyph, code with colours,
 * outputs), the chat pane beside them (wide terminals) or below (narrow), the key hints,
 * and the help screen. Works from 80x24 up.
 */
public final class Renderer {
    static final int CHAT_WIDTH = 44;
    static final int MAX_OUTPUT_LINES = 6;
    private final Glyphs glyphs;

    public Renderer(Glyphs glyphs) {
        this.glyphs = glyphs;
    }

    /** Where the editor's cursor is on screen, or null. */
    public record Cursor(int col, int row) {
    }

    public Cursor draw(TextGraphics g, TerminalSize size, TuiState s) {
        int w = size.getColumns();
        int h = size.getRows();
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.fill(' ');
        statusBar(g, w, s);
        hints(g, w, h - 1, s);
        if (s.mode() == Mode.HELP) {
            help(g, w, h);
            return null;
        }
        boolean side = s.chatVisible() && w >= 120;
        boolean below = s.chatVisible() && !side;
        int chatRows = below ? Math.max(6, h / 3) : 0;
        int cellsWidth = side ? w - CHAT_WIDTH - 1 : w;
        int cellsBottom = h - 1 - chatRows;
        Cursor cursor = cells(g, 0, 1, cellsWidth, cellsBottom, s);
        if (side) {
            g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
            for (int r = 1; r < h - 1; r++) {
                g.putString(cellsWidth, r, glyphs.bar());
            }
            Cursor c = chat(g, cellsWidth + 1, 1, CHAT_WIDTH, h - 1, s);
            cursor = cursor != null ? cursor : c;
        } else if (below) {
            g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
            g.putString(0, cellsBottom, "─".repeat(w).replace("─", glyphs.bar().equals("|") ? "-" : "─"));
            Cursor c = chat(g, 0, cellsBottom + 1, w, h - 1, s);
            cursor = cursor != null ? cursor : c;
        }
        return cursor;
    }

    private void statusBar(TextGraphics g, int w, TuiState s) {
        String conn = s.connected() ? "connected" : "DISCONNECTED";
        String run = s.running() ? "  running" : "";
        String assistant = s.turnId() != null ? "  assistant working" : "";
        String python = s.kernel() != null ? "  " + s.kernel() : "";
        String text = " cellar  " + s.path() + "  rev " + s.revision() + "  " + conn + run + assistant + python;
        g.setBackgroundColor(s.connected() ? TextColor.ANSI.BLUE : TextColor.ANSI.RED);
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
        g.putString(0, 0, pad(text, w));
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    private void hints(TextGraphics g, int w, int row, TuiState s) {
        String text = switch (s.mode()) {
            case NAVIGATE -> s.message() != null && !s.message().isEmpty() ? s.message()
                    : "j/k move  e edit  r run  R all  a/b add  d del  J/K mv  x stop  c chat  ? help  q quit";
            case EDIT -> s.editor() != null && s.editor().inConflict()
                    ? "changed by " + s.editor().theirActor() + ": Ctrl-K keep mine  Ctrl-T take theirs  Ctrl-B both"
                    : "editing: Ctrl-O save  Ctrl-R save+run  Ctrl-Z undo  Esc cancel";
            case CHAT -> s.approvalCallId() != null ? "approve the assistant's call? y/n   Esc back"
                    : "chat: Enter send  Esc back  Ctrl-C cancel the turn";
            case CONFIRM_DELETE -> "delete cell " + (s.selectedCell() == null ? "" : s.selectedCell().id()) + "? y/n";
            case HELP -> "any key to close help";
        };
        g.setForegroundColor(TextColor.ANSI.BLACK);
        g.setBackgroundColor(TextColor.ANSI.WHITE);
        g.putString(0, row, pad(" " + text, w));
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    private Cursor cells(TextGraphics g, int x, int top, int w, int bottom, TuiState s) {
        if (s.cells().isEmpty()) {
            g.putString(x + 1, top + 1, "(no cells: press a to add one)");
            return null;
        }
        List<List<Line>> blocks = new ArrayList<>();
        for (int i = 0; i < s.cells().size(); i++) {
            blocks.add(block(s, i, w));
        }
        int first = firstVisible(blocks, s.selected(), bottom - top);
        int row = top;
        Cursor cursor = null;
        for (int i = first; i < blocks.size() && row < bottom; i++) {
            for (Line line : blocks.get(i)) {
                if (row >= bottom) {
                    break;
                }
                if (line.cursorCol() >= 0) {
                    cursor = new Cursor(x + Math.min(w - 1, line.cursorCol()), row);
                }
                int col = x;
                for (Syntax.Span span : line.spans()) {
                    String t = span.text();
                    if (col - x + t.length() > w) {
                        t = t.substring(0, Math.max(0, w - (col - x)));
                    }
                    g.setForegroundColor(span.color());
                    if (span.bold()) {
                        g.putString(col, row, t, SGR.BOLD);
                    } else {
                        g.putString(col, row, t);
                    }
                    col += t.length();
                }
                row++;
            }
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        return cursor;
    }

    /** A drawn line: coloured spans, and the cursor's column when the editor's cursor is on it. */
    private record Line(List<Syntax.Span> spans, int cursorCol) {
        static Line of(String text, TextColor color) {
            return new Line(List.of(new Syntax.Span(text, color, false)), -1);
        }
    }

    private List<Line> block(TuiState s, int index, int w) {
        CellInfo c = s.cells().get(index);
        boolean sel = index == s.selected();
        List<Line> out = new ArrayList<>();
        String marker = sel ? glyphs.selected() : " ";
        String changed = s.changedByOthers().contains(c.id()) ? "  * changed by " + (c.lastActor() == null ? "someone"
                : c.lastActor()) : "";
        List<Syntax.Span> head = new ArrayList<>();
        head.add(new Syntax.Span(marker + " [" + index + "] " + c.id() + " " + c.kind().wireName() + " ",
                sel ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.BLACK_BRIGHT, sel));
        head.add(new Syntax.Span(glyphs.status(c.status()) + " " + c.status().wireName(), Glyphs.color(c.status()), true));
        if (c.out() != null) {
            head.add(new Syntax.Span("  -> " + c.out(), TextColor.ANSI.BLACK_BRIGHT, false));
        }
        if (!changed.isEmpty()) {
            head.add(new Syntax.Span(changed, TextColor.ANSI.YELLOW, true));
        }
        out.add(new Line(head, -1));
        Editor e = sel && s.mode() == Mode.EDIT ? s.editor() : null;
        if (e != null && e.cellId().equals(c.id())) {
            if (e.inConflict()) {
                out.add(Line.of("  ! " + e.theirActor() + " changed this cell while you edited it; theirs:", TextColor.ANSI.RED));
                for (String t : e.theirs().split("\n", -1)) {
                    out.add(Line.of("  < " + t, TextColor.ANSI.RED));
                }
                out.add(Line.of("  yours:", TextColor.ANSI.RED));
            }
            for (int r = 0; r < e.lines().size(); r++) {
                List<Syntax.Span> spans = new ArrayList<>();
                spans.add(new Syntax.Span("  > ", TextColor.ANSI.YELLOW, false));
                spans.addAll(Syntax.line(e.lines().get(r), c.kind()));
                out.add(new Line(spans, r == e.row() ? 4 + e.col() : -1));
            }
            return out;
        }
        List<String> code = List.of(c.code().split("\n", -1));
        int shown = sel ? code.size() : Math.min(code.size(), 4);
        for (int r = 0; r < shown; r++) {
            List<Syntax.Span> spans = new ArrayList<>();
            spans.add(new Syntax.Span("    ", TextColor.ANSI.DEFAULT, false));
            spans.addAll(Syntax.line(code.get(r), c.kind()));
            out.add(new Line(spans, -1));
        }
        if (shown < code.size()) {
            out.add(Line.of("    … " + (code.size() - shown) + " more lines", TextColor.ANSI.BLACK_BRIGHT));
        }
        if (c.kind() != CellKind.MARKDOWN) {
            List<String> outputs = outputLines(c, w - 6);
            int limit = sel ? MAX_OUTPUT_LINES * 2 : MAX_OUTPUT_LINES;
            for (int i = 0; i < Math.min(limit, outputs.size()); i++) {
                out.add(Line.of("    " + glyphs.bar() + " " + outputs.get(i), TextColor.ANSI.DEFAULT));
            }
            if (outputs.size() > limit) {
                out.add(Line.of("    " + glyphs.bar() + " … " + (outputs.size() - limit) + " more lines", TextColor.ANSI.BLACK_BRIGHT));
            }
            if (c.error() != null) {
                out.add(Line.of("    " + glyphs.bar() + " " + c.error().summary(), TextColor.ANSI.RED));
                if (sel) {
                    for (String tb : String.join("", c.error().traceback()).split("\n")) {
                        if (!tb.isBlank()) {
                            out.add(Line.of("    " + glyphs.bar() + " " + tb, TextColor.ANSI.RED));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Until pictures are drawn in the terminal: the text fallback, and a placeholder naming the image. */
    private static String displayText(Output.Display d) {
        int[] size = d.pngSize();
        return size != null ? "[image/png " + size[0] + "x" + size[1] + "] " + d.plain() : d.plain();
    }

    static List<String> outputLines(CellInfo c, int width) {
        List<String> out = new ArrayList<>();
        for (Output o : c.outputs()) {
            String text = switch (o) {
                case Output.Stream st -> st.text();
                case Output.Text t -> t.text();
                case Output.Table t -> TableText.grid(t, width);
                case Output.Display d -> displayText(d);
            };
            for (String line : text.split("\n")) {
                out.add(line);
            }
            if (text.endsWith("\n") && !out.isEmpty() && out.getLast().isEmpty()) {
                out.removeLast();
            }
        }
        return out;
    }

    private static int firstVisible(List<List<Line>> blocks, int selected, int height) {
        int sel = Math.max(0, Math.min(selected, blocks.size() - 1));
        int used = blocks.get(sel).size();
        int first = sel;
        while (first > 0 && used + blocks.get(first - 1).size() <= height * 2 / 3) {
            first--;
            used += blocks.get(first).size();
        }
        return first;
    }

    private Cursor chat(TextGraphics g, int x, int top, int w, int bottom, TuiState s) {
        List<String> lines = new ArrayList<>();
        List<TextColor> colors = new ArrayList<>();
        for (ChatLine line : s.chat()) {
            String prefix = switch (line.kind()) {
                case USER -> "you: ";
                case ASSISTANT -> "ai: ";
                case TOOL -> "  > ";
                case RESULT -> "    " + glyphs.status(dev.cellar.protocol.model.CellStatus.OK) + " ";
                case RESULT_FAILED -> "    " + glyphs.status(dev.cellar.protocol.model.CellStatus.ERROR) + " ";
                case APPROVAL -> "  ? ";
                case INFO -> "  ";
                case ERROR -> "  ! ";
            };
            TextColor color = switch (line.kind()) {
                case USER -> TextColor.ANSI.CYAN;
                case TOOL, RESULT -> TextColor.ANSI.BLACK_BRIGHT;
                case RESULT_FAILED -> TextColor.ANSI.RED;
                case APPROVAL -> TextColor.ANSI.YELLOW;
                case ERROR -> TextColor.ANSI.RED;
                default -> TextColor.ANSI.DEFAULT;
            };
            for (String wrapped : wrap(prefix + line.text(), w - 1)) {
                lines.add(wrapped);
                colors.add(color);
            }
        }
        int inputRow = bottom - 1;
        int room = inputRow - top;
        int start = Math.max(0, lines.size() - room - Math.min(s.chatScroll(), Math.max(0, lines.size() - room)));
        g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
        g.putString(x, top, pad(" assistant" + (s.turnId() != null ? " (working)" : "")
                + (s.chatScroll() > 0 ? "  (scrolled back: PgDn)" : ""), w));
        for (int i = start, row = top + 1; i < lines.size() && row < inputRow; i++, row++) {
            g.setForegroundColor(colors.get(i));
            g.putString(x, row, pad(lines.get(i), w));
        }
        boolean focused = s.mode() == Mode.CHAT;
        g.setForegroundColor(focused ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.BLACK_BRIGHT);
        String input = "> " + s.chatInput();
        String visible = input.length() > w - 1 ? input.substring(input.length() - (w - 1)) : input;
        g.putString(x, inputRow, pad(visible, w));
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        return focused ? new Cursor(x + visible.length(), inputRow) : null;
    }

    private void help(TextGraphics g, int w, int h) {
        String[] lines = {
            "Cellar — keys",
            "",
            "j/k, Up/Down  move between cells     g/G  first/last cell",
            "e, Enter      edit the cell          r    run it and what depends on it",
            "R             run all                x    interrupt",
            "a/b           add a cell above/below d    delete (asks first)",
            "J/K           move the cell down/up  c    talk to the assistant",
            "C             show/hide the chat     q    quit",
            "X             restart the kernel (forgets every variable)",
            "",
            "Editor: arrows, Home/End, PgUp/PgDn, Enter, Backspace, Tab, paste.",
            "  Ctrl-O save   Ctrl-R save and run   Ctrl-Z undo   Esc cancel",
            "  changed underneath: Ctrl-K keep mine  Ctrl-T take theirs  Ctrl-B both",
            "Chat: Enter sends, y/n answers an approval, Ctrl-C cancels, PgUp/PgDn",
            "  scroll, Esc back.",
        };
        for (int i = 0; i < lines.length && i + 2 < h - 1; i++) {
            g.setForegroundColor(i == 0 ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.DEFAULT);
            g.putString(2, i + 2, lines[i].length() > w - 3 ? lines[i].substring(0, w - 3) : lines[i]);
        }
    }

    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            String rest = para;
            while (rest.length() > width) {
                int cut = rest.lastIndexOf(' ', width);
                cut = cut <= 0 ? width : cut;
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut).stripLeading();
            }
            out.add(rest);
        }
        return out;
    }

    private static String pad(String s, int w) {
        if (s.length() >= w) {
            return s.substring(0, Math.max(0, w));
        }
        return s + " ".repeat(w - s.length());
    }
}
