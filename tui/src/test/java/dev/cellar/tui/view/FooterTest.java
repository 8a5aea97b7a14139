package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.input.Keymap;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.KindChoice;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The footer at 80 columns: the keys that matter for the screen, from the keymap, none cut in two. */
class FooterTest {

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(
                cell("aa1111", "print(1)", CellStatus.OK, new Output.Text("1")), cell("bb2222", "y = 2", CellStatus.OK))))
                .withConnection(true, "").withChatVisible(false);
    }

    private static String footer(TuiState s) throws Exception {
        List<String> rows = ScreenText.render(s, 80, 24, true).lines().toList();
        return rows.getLast().strip();
    }

    @Test
    void theCellsFooterAt80ColumnsShowsHelpQuitAndChat() throws Exception {
        assertThat(footer(notebook())).contains("j/k move", "e edit", "r run", "? help", "q quit", "c chat", "u undo turn");
    }

    @Test
    void everyScreensFooterAt80ColumnsHoldsOnlyWholeHintsMostImportantFirst() throws Exception {
        TuiState s = notebook();
        Editor conflict = Editor.of("aa1111", 1, "print(1)").insert("#").withTheirs("print(2)", "agent:claude-code");
        List<TuiState> screens = List.of(s, s.withOutputSelected(true), s.withEditor(Editor.of("aa1111", 1, "print(1)")),
                s.withEditor(conflict), s.to(Screen.CHAT), s.to(Screen.HELP), s.to(Screen.CONFIRM_DELETE),
                s.to(Screen.CONFIRM_RESTART), s.to(new Screen.KindMenu(KindChoice.of("aa1111",
                        dev.cellar.protocol.model.CellKind.PYTHON))),
                s.withPager(Pager.of("output of cell aa1111", List.of("1"))),
                s.to(new Screen.ConfirmTrust(null)).withMessage("held until a person confirms them: sandbox=off, "
                        + "python=/home/someone/projects/a-rather-long-folder-name/.venv/bin/python3 — y confirms"));
        for (TuiState screen : screens) {
            String line = footer(screen);
            List<String> hints = Keymap.hints(screen);
            assertThat(line).as("%s: the most important key", screen.mode()).contains(hints.getFirst());
            assertThat(hints).as("%s: '%s' ends with a whole hint", screen.mode(), line).anyMatch(line::endsWith);
            assertThat(line.length()).isLessThanOrEqualTo(79);
        }
    }

    @Test
    void theRestartQuestionAndTheKindMenuSayWhatTheyAsk() throws Exception {
        assertThat(footer(notebook().to(Screen.CONFIRM_RESTART)))
                .contains("restart the kernel? every variable is lost", "y restart", "other keys keep it");
        assertThat(footer(notebook().to(new Screen.KindMenu(KindChoice.of("aa1111",
                dev.cellar.protocol.model.CellKind.PYTHON)))))
                .contains("kind: python [sql] markdown raw", "Enter change", "Esc cancel");
    }

    @Test
    void hintsThatDoNotFitAreLeftOutWholeTheLeastImportantFirst() {
        assertThat(Footer.fit("heading:", List.of("a one", "b two", "c three-long", "d four"), 30))
                .isEqualTo("heading: a one  b two  d four");
        assertThat(Footer.fit("a question that is far too long for the line", List.of("y yes", "n no"), 30))
                .isEqualTo("a question that is far…  y yes");
    }

    @Test
    void aLongMessageIsShortenedAtAWord() throws Exception {
        String message = "warning: " + "interpreter ".repeat(10) + "tail";
        String line = footer(notebook().withMessage(message));
        assertThat(line).endsWith("interpreter…").doesNotContain("tail");
    }
}
