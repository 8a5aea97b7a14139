package dev.cellar.tui;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.view.Glyphs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's side of a key: what it asks of the daemon is sent, or the person is told why not. */
class TuiAppTest {

    @Test
    void aKeyThatNeedsTheDaemonSaysWhenItIsNotConnectedYet() throws Exception {
        TuiApp app = new TuiApp(new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(80, 24))),
                (phase, mayStart) -> {
                    throw new java.io.IOException("not used: the loop is not started");
                }, Path.of("nb.py"), new Glyphs(true));
        TuiState s = Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3,
                List.of(cell("aa1111", "x = 1", CellStatus.OK))));

        TuiState after = app.drain(app.onKey(s, new KeyStroke('r', false, false)));

        assertThat(after.message()).isEqualTo("not connected to the daemon yet");
    }

    @Test
    void yWritesTheCopyToTheTerminalAsOsc52WithoutTheDaemon() throws Exception {
        java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
        TuiApp app = new TuiApp(new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(80, 24))),
                (phase, mayStart) -> {
                    throw new java.io.IOException("not used: the loop is not started");
                }, Path.of("nb.py"), new dev.cellar.tui.view.Renderer(new Glyphs(true)), null, terminal);
        TuiState s = Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3,
                List.of(cell("aa1111", "x = 1", CellStatus.OK))));

        TuiState after = app.drain(app.onKey(s, new KeyStroke('y', false, false)));

        assertThat(terminal.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("\u001b]52;c;eCA9IDE=\u0007");
        assertThat(after.message()).startsWith("copied cell aa1111's source");
    }
}
