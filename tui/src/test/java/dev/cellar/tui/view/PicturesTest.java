package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.image.Pngs;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An image output is drawn in the cell as half-blocks, its pixels' colours on the terminal. */
class PicturesTest {

    private static TuiState withImage(byte[] png) {
        Output.Display d = new Output.Display(Map.of(Output.Display.PLAIN, "<Figure>", Output.Display.PNG,
                Base64.getEncoder().encodeToString(png)));
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0,
                List.of(cell("aa1111", "plot()", CellStatus.OK, d)))).withConnection(true, "").withChatVisible(false);
    }

    @Test
    void aKnownPngIsDrawnAsHalfBlocksWithItsPixelColours() throws Exception {
        DefaultVirtualTerminal vt = ScreenText.terminal(withImage(Pngs.stripes(3)), 80, 24, new Renderer(new Glyphs(true)));
        String screen = ScreenText.text(vt);
        List<String> rows = screen.lines().toList();
        int first = -1;
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).contains("▀▀▀")) {
                first = r;
                break;
            }
        }
        assertThat(first).as("a row of half-blocks on:%n%s", screen).isPositive();
        int col = rows.get(first).indexOf('▀');
        for (int c = col; c < col + 3; c++) {
            assertThat(vt.getCharacter(c, first).getForegroundColor()).isEqualTo(new TextColor.RGB(255, 0, 0));
            assertThat(vt.getCharacter(c, first).getBackgroundColor()).isEqualTo(new TextColor.RGB(0, 255, 0));
            assertThat(vt.getCharacter(c, first + 1).getForegroundColor()).isEqualTo(new TextColor.RGB(0, 0, 255));
            assertThat(vt.getCharacter(c, first + 1).getBackgroundColor()).isEqualTo(new TextColor.RGB(255, 255, 255));
        }
        assertThat(rows.get(first + 2)).doesNotContain("▀");
        assertThat(screen).doesNotContain("[image/png");
    }

    @Test
    void without24BitColourThe256PaletteIsUsed() throws Exception {
        DefaultVirtualTerminal vt = ScreenText.terminal(withImage(Pngs.stripes(3)), 80, 24, new Renderer(new Glyphs(true), true,
                false));
        String screen = ScreenText.text(vt);
        int row = screen.lines().toList().indexOf(screen.lines().filter(l -> l.contains("▀")).findFirst().orElseThrow());
        int col = screen.lines().toList().get(row).indexOf('▀');
        assertThat(vt.getCharacter(col, row).getForegroundColor()).isEqualTo(new TextColor.Indexed(196));
        assertThat(vt.getCharacter(col, row).getBackgroundColor()).isEqualTo(new TextColor.Indexed(46));
    }

    @Test
    void aWidePlotFitsThePaneAndAnAsciiTerminalGetsThePlaceholder() throws Exception {
        String screen = ScreenText.render(withImage(Pngs.plain(800, 600, 0x336699)), 80, 24, true);
        assertThat(screen.lines()).allMatch(l -> l.length() <= 80);
        assertThat(screen.lines().filter(l -> l.contains("▀")).count()).isBetween(10L, 20L);
        String ascii = ScreenText.render(withImage(Pngs.plain(800, 600, 0x336699)), 80, 24, false);
        assertThat(ascii).contains("[image/png 800x600] <Figure>").doesNotContain("▀");
    }
}
