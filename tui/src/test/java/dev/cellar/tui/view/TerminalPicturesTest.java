package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.image.ITerm;
import dev.cellar.tui.image.Kitty;
import dev.cellar.tui.image.Pngs;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.term.Graphics;
import dev.cellar.tui.term.PictureLayer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pictures the terminal draws (kitty, iTerm2, sixel) in the cells view: Lanterna's virtual
 * terminal for the text, the bytes written beside it for the pictures.
 */
class TerminalPicturesTest {
    /** 20 x 8 pixels: 20 columns by 4 rows of room. */
    private static final byte[] PNG = Pngs.plain(20, 8, 0x336699);

    /** A virtual terminal that counts whole repaints (Lanterna clears the screen for each). */
    private static final class Terminal extends DefaultVirtualTerminal {
        int clears;

        Terminal(int cols, int rows) {
            super(new TerminalSize(cols, rows));
        }

        @Override
        public synchronized void clearScreen() {
            clears++;
            super.clearScreen();
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Terminal vt;
    private Painter painter;

    private void start(Graphics mode, int rows) throws Exception {
        vt = new Terminal(80, rows);
        TerminalScreen screen = new TerminalScreen(vt);
        screen.startScreen();
        painter = new Painter(screen, new Renderer(new Glyphs(true), true, true, true), new PictureLayer(mode, bytes));
    }

    private String written() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    /** Cell 0 has six lines of code (one more when selected), cell 1 the picture, then ten one-line cells. */
    private static TuiState notebook() {
        Output.Display d = new Output.Display(Map.of(Output.Display.PLAIN, "<Figure>", Output.Display.PNG,
                Base64.getEncoder().encodeToString(PNG)));
        List<CellInfo> cells = new ArrayList<>();
        cells.add(cell("aa0000", "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6", CellStatus.OK));
        cells.add(cell("bb1111", "plot()", CellStatus.OK, d));
        for (int i = 2; i < 12; i++) {
            cells.add(cell("cc%04d".formatted(i), "x" + i + " = " + i, CellStatus.OK));
        }
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, cells))
                .withConnection(true, "").withChatVisible(false);
    }

    /** The screen row just below cell bb1111's code: where its picture's room starts. */
    private int pictureRow() {
        List<String> rows = ScreenText.text(vt).lines().toList();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).contains("bb1111")) {
                return r + 2;
            }
        }
        throw new AssertionError("cell bb1111 not on screen:\n" + ScreenText.text(vt));
    }

    private static String at(int row, int col, String escape) {
        return "\u001b7\u001b[" + (row + 1) + ";" + (col + 1) + "H" + escape + "\u001b8";
    }

    @Test
    void kittyDrawsThePictureOverBlankRoomAtItsCellAndDeletesItWhenItScrollsAway() throws Exception {
        start(Graphics.KITTY, 24);
        TuiState s = notebook().withSelected(1);
        painter.paint(s, false);
        int row = pictureRow();
        assertThat(written()).isEqualTo(at(row, 6, Kitty.transmitAndPlace(PNG, 1, 1, 20, 4)));
        List<String> screen = ScreenText.text(vt).lines().toList();
        for (int r = row; r < row + 4; r++) {
            assertThat(screen.get(r)).as("the room is blank, no half-blocks").isBlank();
        }
        assertThat(screen.get(row + 4)).contains("[2] cc0002");

        painter.paint(s.withSelected(2), false);
        assertThat(pictureRow()).isEqualTo(row);
        assertThat(written()).as("a key that moves no picture sends nothing").isEmpty();
        painter.paint(s.withSelected(2).withMessage("saved"), false);
        assertThat(written()).isEmpty();

        painter.paint(s.withSelected(11), false);
        assertThat(ScreenText.text(vt)).doesNotContain("bb1111");
        assertThat(written()).as("scrolled away: its placement deleted").isEqualTo("\u001b_Ga=d,d=i,q=2,i=1,p=1\u001b\\");
        assertThat(vt.clears).as("kitty needs no whole repaint").isEqualTo(1); // the first frame's only

        painter.paint(s.withSelected(1), false);
        assertThat(written()).as("back in view: placed again, not sent again").isEqualTo(at(row, 6, Kitty.place(1, 1, 20, 4)));
    }

    @Test
    void iTermRepaintsTheScreenWholeWhenThePictureMovesAndOnlyThen() throws Exception {
        start(Graphics.ITERM, 30);
        painter.paint(notebook().withSelected(2), false);
        int row = pictureRow();
        assertThat(written()).isEqualTo(at(row, 6, ITerm.encode(PNG, 20, 4)));
        int clears = vt.clears;

        painter.paint(notebook().withSelected(3), false);
        assertThat(written()).isEmpty();
        assertThat(vt.clears).as("nothing moved: no repaint").isEqualTo(clears);

        // cell 0 selected shows its sixth line: the picture is one row lower
        painter.paint(notebook().withSelected(0), false);
        assertThat(pictureRow()).isEqualTo(row + 1);
        assertThat(vt.clears).as("the old pixels are wiped by a whole repaint").isEqualTo(clears + 1);
        assertThat(written()).isEqualTo(at(row + 1, 6, ITerm.encode(PNG, 20, 4)));
    }

    @Test
    void sixelIsDrawnAtItsCellAndAgainAfterTheRepaintItsMoveAsksFor() throws Exception {
        start(Graphics.SIXEL, 30);
        painter.paint(notebook().withSelected(2), false);
        int row = pictureRow();
        assertThat(written()).startsWith("\u001b7\u001b[" + (row + 1) + ";7H\u001bP0;1q\"1;1;20;8#");
        int clears = vt.clears;
        painter.paint(notebook().withSelected(0), false);
        assertThat(vt.clears).isEqualTo(clears + 1);
        assertThat(written()).startsWith("\u001b7\u001b[" + (row + 2) + ";7H\u001bP0;1q");
    }

    @Test
    void aPictureOnlyPartlyInViewIsHalfBlocksAndNotSentToTheTerminal() throws Exception {
        // 12 rows: the picture's room starts on row 9 and would end below the pane (row 10 is the last of the cells)
        start(Graphics.KITTY, 12);
        painter.paint(notebook().withSelected(0), false);
        String screen = ScreenText.text(vt);
        assertThat(screen).contains("bb1111", "▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀");
        assertThat(written()).isEmpty();
    }
}
