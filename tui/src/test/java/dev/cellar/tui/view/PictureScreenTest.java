package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.image.Pngs;
import dev.cellar.tui.input.Keymap;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opening a plot's output shows the picture over the whole screen, as large as the terminal allows. */
class PictureScreenTest {

    private static Output.Display png(int w, int h, int rgb) {
        return new Output.Display(Map.of(Output.Display.PLAIN, "<Figure size 640x480>", Output.Display.PNG,
                Base64.getEncoder().encodeToString(Pngs.plain(w, h, rgb))));
    }

    private static TuiState plotted() {
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0,
                List.of(cell("aa1111", "plot()", CellStatus.OK, new Output.Stream("stdout", "drawing\n"),
                        png(400, 400, Pngs.RED), png(400, 200, Pngs.BLUE))))).withConnection(true, "").withChatVisible(false);
    }

    private static TuiState press(TuiState s, char c) {
        return Keymap.dispatch(s, new KeyStroke(c, false, false), 10).state();
    }

    private static long blockRows(String screen) {
        return screen.lines().filter(l -> l.contains("▀")).count();
    }

    @Test
    void oOnAPlotShowsItAsLargeAsTheTerminalAllowsAndNGoesToTheNext() throws Exception {
        TuiState s = press(plotted(), 'o');
        assertThat(s.mode()).isEqualTo(Mode.PICTURE);
        String screen = ScreenText.render(s, 120, 40, true);
        // a 400x400 picture in 120x40: 37 rows between the title and the footer, two pixels a row
        assertThat(blockRows(screen)).as(screen).isEqualTo(37);
        assertThat(screen).contains("[image/png 400x400] <Figure size 640x480>", "picture 1 of 2 of cell aa1111:",
                "n/p next/prev", "q/Esc back");

        TuiState second = press(s, 'n');
        String wide = ScreenText.render(second, 120, 40, true);
        assertThat(wide).contains("picture 2 of 2");
        assertThat(wide.lines().filter(l -> l.contains("▀")).findFirst().orElseThrow().strip()).as("the full width")
                .hasSize(120);

        TuiState text = press(second, 'o');
        assertThat(text.mode()).as("o there: the output as text").isEqualTo(Mode.PAGER);
        assertThat(text.pager().lines()).anySatisfy(l -> assertThat(l).contains("drawing"));
        TuiState back = Keymap.dispatch(s, new KeyStroke(KeyType.Escape), 10).state();
        assertThat(back.mode()).isEqualTo(Mode.NAVIGATE);
    }

    @Test
    void withoutPicturesTheScreenSaysHowToSeeItElsewhereInWholeWords() throws Exception {
        TuiState s = press(plotted(), 'o');
        String screen = ScreenText.render(s, 80, 24, false); // ASCII: no half-blocks
        assertThat(screen).contains("(this terminal shows no pictures: cellar show demo.py aa1111", "--open hands it");
    }
}
