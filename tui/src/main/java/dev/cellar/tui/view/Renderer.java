package dev.cellar.tui.view;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.cellar.tui.image.BlockImage;
import dev.cellar.tui.state.ChatLine;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.term.PlacedPicture;
import dev.cellar.tui.text.TerminalText;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link TuiState}: a status bar, the cells (status glyph, code with colours,
 * outputs), the chat pane beside them (wide terminals) or below (narrow), the key hints,
 * and the help screen. Works from 80x24 up.
 */
public final class Renderer {
    static final int CHAT_WIDTH = 44;
    private final Glyphs glyphs;
    private final CellLines cellLines;
    private final Pictures pictures;
    private final boolean truecolor;

    /** Pictures as half-blocks in 24-bit colour (on a Unicode terminal). */
    public Renderer(Glyphs glyphs) {
        this(glyphs, true, true);
    }

    /** {@code pictures}: draw images (else a placeholder); {@code truecolor}: 24-bit colour, else the 256 palette. */
    public Renderer(Glyphs glyphs, boolean pictures, boolean truecolor) {
        this(glyphs, pictures, truecolor, false);
    }

    /**
     * {@code byTerminal}: the terminal draws the pictures (kitty, iTerm2, sixel): the layout keeps
     * their room blank and {@link #frame} says where they go. A picture only partly in view is
     * drawn as half-blocks instead: a protocol image cannot be cut at the pane's edge.
     */
    public Renderer(Glyphs glyphs, boolean pictures, boolean truecolor, boolean byTerminal) {
        this.glyphs = glyphs;
        this.pictures = new Pictures(pictures && (glyphs.unicode() || byTerminal), byTerminal);
        this.cellLines = new CellLines(glyphs, this.pictures);
        this.truecolor = truecolor;
    }

    /** A cell's whole output (text, tables, placeholders of pictures, the error), for the pager. */
    public static List<String> wholeOutput(dev.cellar.protocol.model.CellInfo c) {
        return CellLines.allOutputText(c, 200);
    }

    /** Where the editor's cursor is on screen, or null. */
    public record Cursor(int col, int row) {
    }

    /** A drawn screen: the editor's cursor (or null) and the pictures the terminal is to draw over it. */
    public record Frame(Cursor cursor, List<PlacedPicture> pictures) {
    }

    public Cursor draw(TextGraphics g, TerminalSize size, TuiState s) {
        return frame(g, size, s).cursor();
    }

    public Frame frame(TextGraphics g, TerminalSize size, TuiState s) {
        List<PlacedPicture> placed = new ArrayList<>();
        Cursor cursor = layout(g, size, s, placed);
        return new Frame(cursor, List.copyOf(placed));
    }

    private Cursor layout(TextGraphics g, TerminalSize size, TuiState s, List<PlacedPicture> placed) {
        int w = size.getColumns();
        int h = size.getRows();
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.fill(' ');
        statusBar(g, w, s);
        hints(g, w, h - 1, s);
        if (s.screen() instanceof dev.cellar.tui.state.Screen.Help help) {
            help(g, w, h, help.top(), s.kernelInfo());
            return null;
        }
        if (s.screen() instanceof dev.cellar.tui.state.Screen.PickPython pick) {
            pythons(g, w, h, pick.choice());
            return null;
        }
        if (s.pager() != null) {
            return PagerView.draw(g, w, h - 1, s.pager(), glyphs);
        }
        if (s.screen() instanceof dev.cellar.tui.state.Screen.Picture p) {
            picture(g, w, h, s, p.index(), placed);
            return null;
        }
        if (s.table() != null) {
            return TableViewerView.draw(g, w, h - 1, s.table());
        }
        if (s.mode() == Mode.REWIND && s.rewind() != null && s.rewind().preview() != null) {
            preview(g, w, h, s.rewind().preview());
            return null;
        }
        // with no assistant configured (and no conversation to show) the pane folds to one line, until c opens it
        boolean folded = s.assistantSetup() != null && s.chat().isEmpty() && s.mode() != Mode.CHAT
                && s.mode() != Mode.TURNS;
        boolean side = s.chatVisible() && !folded && w >= 120;
        boolean below = s.chatVisible() && !folded && !side;
        int chatRows = below ? Math.max(6, h / 3) : folded ? 1 : 0;
        int cellsWidth = side ? w - CHAT_WIDTH - 1 : w;
        int cellsBottom = h - 1 - chatRows;
        if (folded) {
            g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
            String full = " assistant: not configured — set OPENAI_BASE_URL and CELLAR_MODEL, then cellar daemon stop (c: how)";
            Styled.put(g, 0, h - 2, pad(full.length() < w ? full : Footer.shorten(" assistant: not configured (c: how to set"
                    + " it up)", w - 1), w));
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
        }
        Cursor cursor = cells(g, 0, 1, cellsWidth, cellsBottom, s, placed);
        if (side) {
            g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
            for (int r = 1; r < h - 1; r++) {
                Styled.put(g, cellsWidth, r, glyphs.bar());
            }
            Cursor c = chat(g, cellsWidth + 1, 1, CHAT_WIDTH, h - 1, s);
            cursor = cursor != null ? cursor : c;
        } else if (below) {
            g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
            Styled.put(g, 0, cellsBottom, "─".repeat(w).replace("─", glyphs.bar().equals("|") ? "-" : "─"));
            Cursor c = chat(g, 0, cellsBottom + 1, w, h - 1, s);
            cursor = cursor != null ? cursor : c;
        }
        return cursor;
    }

    private void statusBar(TextGraphics g, int w, TuiState s) {
        String text = StatusBar.text(s, w);
        g.setBackgroundColor(s.connected() || s.notebookId() == null ? TextColor.ANSI.BLUE : TextColor.ANSI.RED);
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
        Styled.put(g, 0, 0, pad(text, w));
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    private void hints(TextGraphics g, int w, int row, TuiState s) {
        String text = Footer.line(s, w);
        g.setForegroundColor(TextColor.ANSI.BLACK);
        g.setBackgroundColor(TextColor.ANSI.WHITE);
        Styled.put(g, 0, row, pad(" " + text, w));
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    private Cursor cells(TextGraphics g, int x, int top, int w, int bottom, TuiState s, List<PlacedPicture> placed) {
        if (s.cells().isEmpty()) {
            // before the first snapshot the notebook is not known to be empty: say what is happening
            Styled.put(g, x + 1, top + 1, Footer.shorten(s.notebookId() == null ? s.message() : "(no cells: press a to add one)",
                    w - 2));
            return null;
        }
        int height = bottom - top;
        List<List<Line>> blocks = new ArrayList<>();
        for (int i = 0; i < s.cells().size(); i++) {
            blocks.add(cellLines.block(s, i, w, Math.max(2, height - 4)));
        }
        int first = firstVisible(blocks, s.selected(), height);
        int row = top;
        Cursor cursor = null;
        PictureSlot inView = null; // the picture being passed whose whole room is on screen: the terminal draws it
        for (int i = first; i < blocks.size() && row < bottom; i++) {
            List<Line> block = blocks.get(i);
            int skip = i == s.selected() ? rowsToSkip(block, height) : 0;
            for (int l = skip; l < block.size() && row < bottom; l++, row++) {
                Line line = block.get(l);
                if (line.cursorCol() >= 0) {
                    cursor = new Cursor(x + Math.min(w - 1, line.cursorCol()), row);
                }
                PictureSlot slot = line.slot();
                if (slot != null && line.imageRow() == 0 && row + slot.rows() <= bottom
                        && line.imageCol() + slot.cols() <= w) {
                    inView = slot;
                    placed.add(new PlacedPicture(slot.png(), x + line.imageCol(), row, slot.cols(), slot.rows()));
                }
                if (slot == null || slot != inView) {
                    draw(g, x, row, w, line);
                }
            }
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        return cursor;
    }

    /** A block taller than the pane whose cursor is below it: start lower, so the cursor shows. */
    private static int rowsToSkip(List<Line> block, int height) {
        for (int l = 0; l < block.size(); l++) {
            if (block.get(l).cursorCol() >= 0) {
                return Math.max(0, l - height + 2);
            }
        }
        return 0;
    }

    private void draw(TextGraphics g, int x, int row, int w, Line line) {
        BlockImage img = line.image();
        if (line.slot() != null && glyphs.unicode()) {
            // partly in view: the rows on screen as half-blocks, the same size as the room kept
            img = pictures.blocks(line.slot().display(), line.slot().cols(), line.slot().rows());
        }
        if (line.slot() != null || img != null) {
            for (int c = 0; img != null && line.imageRow() < img.rows() && c < img.cols() && line.imageCol() + c < w; c++) {
                g.setForegroundColor(color(img.upperAt(c, line.imageRow())));
                g.setBackgroundColor(color(img.lowerAt(c, line.imageRow())));
                g.setCharacter(x + line.imageCol() + c, row, BlockImage.GLYPH);
            }
            g.setBackgroundColor(TextColor.ANSI.DEFAULT);
            return;
        }
        int col = x;
        for (Syntax.Span span : line.spans()) {
            String t = TerminalText.visible(span.text()); // measured as drawn: a C1 control's picture is two wide
            if (col - x + t.length() > w) {
                t = t.substring(0, Math.max(0, w - (col - x)));
            }
            Styled.put(g, col, row, span, t);
            col += t.length();
        }
    }

    private TextColor color(int rgb) {
        return truecolor ? new TextColor.RGB(rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255)
                : new TextColor.Indexed(BlockImage.xterm256(rgb));
    }

    /**
     * The first cell shown: the selected one with up to two thirds of the pane of cells
     * before it for context, and more before it when the cells after it do not fill the pane
     * (the end of a notebook never leaves the screen half empty).
     */
    static int firstVisible(List<List<Line>> blocks, int selected, int height) {
        int sel = Math.max(0, Math.min(selected, blocks.size() - 1));
        int used = blocks.get(sel).size();
        int first = sel;
        while (first > 0 && used + blocks.get(first - 1).size() <= height * 2 / 3) {
            first--;
            used += blocks.get(first).size();
        }
        int total = 0;
        for (int i = first; i < blocks.size(); i++) {
            total += blocks.get(i).size();
        }
        while (first > 0 && total + blocks.get(first - 1).size() <= height) {
            first--;
            total += blocks.get(first).size();
        }
        return first;
    }

    private Cursor chat(TextGraphics g, int x, int top, int w, int bottom, TuiState s) {
        if (s.mode() == Mode.TURNS && s.rewind() != null) {
            turns(g, x, top, w, bottom, s);
            return null;
        }
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
            // a model's or a tool's text may hold escapes too: shown, never obeyed (tabs as spaces: wrap counts columns)
            for (String para : (prefix + TerminalText.plain(line.text()).replace('\t', ' ')).split("\n", -1)) {
                List<String> rows = wrap(para, w - 3);
                for (int r = 0; r < rows.size(); r++) {
                    // a row that continues the one above (soft wrap) is marked, a new line of the message is not
                    lines.add(r == 0 ? rows.get(r) : glyphs.wrap() + " " + rows.get(r));
                    colors.add(color);
                }
            }
        }
        int inputRow = bottom - 1;
        int room = inputRow - top - 1; // the rows between the header and the input: the newest line is the last of them
        int start = Math.max(0, lines.size() - room - Math.min(s.chatScroll(), Math.max(0, lines.size() - room)));
        g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
        Styled.put(g, x, top, pad(" assistant" + (s.turnId() != null ? " (working)" : "")
                + (s.chatScroll() > 0 ? "  (scrolled back: PgDn)" : ""), w));
        for (int i = start, row = top + 1; i < lines.size() && row < inputRow; i++, row++) {
            g.setForegroundColor(colors.get(i));
            Styled.put(g, x, row, pad(lines.get(i), w));
        }
        boolean focused = s.mode() == Mode.CHAT;
        g.setForegroundColor(focused ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.BLACK_BRIGHT);
        String input = "> " + s.chatInput();
        String visible = input.length() > w - 1 ? input.substring(input.length() - (w - 1)) : input;
        Styled.put(g, x, inputRow, pad(visible, w));
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        return focused ? new Cursor(x + visible.length(), inputRow) : null;
    }

    /** The chat pane as a turn list: the chosen turn stays in view. */
    private void turns(TextGraphics g, int x, int top, int w, int bottom, TuiState s) {
        int[] chosen = {0};
        List<String> lines = new ArrayList<>();
        List<Integer> starts = new ArrayList<>(); // the wrapped row where each line begins
        for (String line : RewindView.turnLines(s.rewind(), glyphs, chosen)) {
            List<String> rows = wrap(line, w - 3);
            starts.add(lines.size());
            for (int r = 0; r < rows.size(); r++) {
                lines.add(r == 0 ? rows.get(r) : glyphs.wrap() + " " + rows.get(r));
            }
        }
        int room = bottom - top - 1;
        int chosenRow = starts.get(chosen[0]);
        // the chosen turn and its two lines below it in view; the list's start when it fits
        int start = Math.max(0, Math.min(lines.size() - 1 - room, chosenRow + 2 - room));
        g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
        Styled.put(g, x, top, pad(lines.getFirst(), w));
        for (int i = Math.max(1, start + 1), row = top + 1; i < lines.size() && row < bottom; i++, row++) {
            boolean mine = i == chosenRow && chosen[0] > 0;
            g.setForegroundColor(mine ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.DEFAULT);
            Styled.put(g, x, row, pad(lines.get(i), w));
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /**
     * One of the selected cell's pictures over the whole screen (rows 2 to the footer), as large
     * as the terminal allows: drawn by the terminal where it can, else as half-blocks; a title
     * row says which picture and its size.
     */
    private void picture(TextGraphics g, int w, int h, TuiState s, int index, List<PlacedPicture> placed) {
        List<dev.cellar.protocol.model.Output.Display> all = dev.cellar.tui.input.PictureKeys.pictures(s.selectedCell());
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
        if (all.isEmpty()) {
            Styled.put(g, 1, 1, "the cell has no picture now (it ran again?): q goes back");
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
            return;
        }
        var d = all.get(Math.min(index, all.size() - 1));
        int[] px = d.pngSize();
        String title = " " + Pictures.placeholder(d).replace('\n', ' ');
        Styled.put(g, 0, 1, pad(Footer.shorten(title, w - 1), w));
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        int top = 2;
        int rows = h - 1 - top;
        PictureSlot slot = pictures.slot(d, w, rows);
        if (slot != null) {
            placed.add(new PlacedPicture(slot.png(), (w - slot.cols()) / 2, top, slot.cols(), slot.rows()));
            return;
        }
        BlockImage img = pictures.blocks(d, w, rows);
        if (img == null) {
            String why = px == null ? "(not a readable PNG)" : "(this terminal shows no pictures: cellar show "
                    + s.path() + " " + s.selectedCell().id() + " --open hands it to the system's viewer)";
            List<String> lines = wrap(why, w - 2);
            for (int i = 0; i < lines.size() && top + i < h - 1; i++) {
                Styled.put(g, 1, top + i, lines.get(i));
            }
            return;
        }
        int left = (w - img.cols()) / 2;
        for (int r = 0; r < img.rows(); r++) {
            draw(g, left, top + r, w - left, Line.picture(img, r, 0));
        }
    }

    /** The preview of a rewind, over the whole screen (it names cells, not just the pane's room). */
    private void preview(TextGraphics g, int w, int h, dev.cellar.tui.state.Rewind.Preview p) {
        List<String> lines = new ArrayList<>();
        for (String line : RewindView.previewLines(p, glyphs)) {
            // a long line goes on, indented, under itself: nothing is cut at the edge
            String indent = " ".repeat(Math.min(8, line.length() - line.stripLeading().length() + 4));
            List<String> rows = wrap(line, w - 3 - indent.length());
            for (int r = 0; r < rows.size(); r++) {
                lines.add(r == 0 ? rows.get(r) : indent + rows.get(r));
            }
        }
        int room = h - 3;
        if (lines.size() > room) {
            int cut = room - 1;
            List<String> shown = new ArrayList<>(lines.subList(0, cut));
            shown.add("  … and " + (lines.size() - cut) + " more lines");
            lines = shown;
        }
        for (int i = 0; i < lines.size() && i + 2 < h - 1; i++) {
            String line = lines.get(i);
            g.setForegroundColor(i == 0 ? TextColor.ANSI.WHITE_BRIGHT : line.startsWith("Changed after") ? TextColor.ANSI.YELLOW
                    : TextColor.ANSI.DEFAULT);
            Styled.put(g, 2, i + 2, line.length() > w - 3 ? line.substring(0, w - 3) : line);
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /** The Python picker: the Pythons found, the highlighted one bright; scrolled so it stays in view. */
    private void pythons(TextGraphics g, int w, int h, dev.cellar.tui.state.PythonChoice choice) {
        List<String> lines = choice.lines();
        int rows = h - 3;
        int selectedRow = 2 + 2 * choice.chosen();
        int from = selectedRow + 2 > rows ? Math.min(selectedRow + 2 - rows, Math.max(0, lines.size() - rows)) : 0;
        for (int i = from, row = 2; i < lines.size() && row < h - 1; i++, row++) {
            String line = lines.get(i);
            boolean bright = i == 0 || line.startsWith(">") || i == selectedRow + 1 && !choice.loading();
            g.setForegroundColor(bright ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.DEFAULT);
            g.putString(1, row, Footer.shorten(line, w - 2));
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /** The keymap's help, from line {@code top} on (it scrolls on a short terminal). */
    private void help(TextGraphics g, int w, int h, int top, dev.cellar.protocol.model.KernelInfo kernel) {
        List<String> lines = new ArrayList<>();
        for (String line : dev.cellar.tui.input.HelpKeys.lines(kernel)) {
            // a long value (an endpoint's addresses, a held setting) goes on under itself, never cut at the edge
            String indent = " ".repeat(valueColumn(line));
            List<String> rows = line.length() <= w - 3 ? List.of(line) : wrap(line, Math.max(10, w - 3 - indent.length()));
            for (int r = 0; r < rows.size(); r++) {
                lines.add(r == 0 ? rows.get(r) : indent + rows.get(r));
            }
        }
        int from = Math.min(top, Math.max(0, lines.size() - 1));
        for (int i = from, row = 2; i < lines.size() && row < h - 1; i++, row++) {
            String line = lines.get(i);
            boolean heading = i == 0 || !line.isEmpty() && !line.startsWith(" ");
            g.setForegroundColor(heading ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.DEFAULT);
            Styled.put(g, 2, row, line.length() > w - 3 ? line.substring(0, w - 3) : line);
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /** Where the value of a {@code "  label  value"} line starts (a line without a label: its own indent). */
    private static int valueColumn(String line) {
        int indent = line.length() - line.stripLeading().length();
        int gap = line.indexOf("  ", indent);
        if (gap < 0) {
            return indent;
        }
        int value = gap;
        while (value < line.length() && line.charAt(value) == ' ') {
            value++;
        }
        return Math.min(value, 24);
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
