package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up says what it is doing; without an assistant the chat pane is one line of how-to. */
class StartupAndAssistantTest {
    private static final String HOW_TO = "the assistant has no model endpoint: set OPENAI_BASE_URL and CELLAR_MODEL for the "
            + "daemon; then restart the daemon (cellar daemon stop)";

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0,
                List.of(cell("aa1111", "x = 1", CellStatus.OK)))).withConnection(true, "");
    }

    @Test
    void startUpShowsWhatItIsDoingAndForHowLongNeverAnEmptyNotebook() throws Exception {
        String screen = ScreenText.render(TuiState.empty("demo.py").withMessage("starting the daemon… 3s"), 80, 24, true);
        assertThat(screen).contains("starting the daemon… 3s", "starting")
                .doesNotContain("no cells", "DISCONNECTED");
        assertThat(TuiState.empty("demo.py").message()).isEqualTo("connecting to the daemon…");
    }

    @Test
    void withoutAnAssistantTheChatPaneFoldsToOneLineOfHowTo() throws Exception {
        TuiState s = notebook().withAssistantSetup(HOW_TO);
        String wide = ScreenText.render(s, 120, 30, true);
        assertThat(wide).contains("assistant: not configured — set OPENAI_BASE_URL and CELLAR_MODEL")
                .doesNotContain(" assistant\n", "│ assistant");
        assertThat(wide.lines().filter(l -> l.contains("[0] aa1111")).findFirst().orElseThrow())
                .as("the cells take the whole width").doesNotContain("│");
        String configured = ScreenText.render(notebook(), 120, 30, true);
        assertThat(configured).doesNotContain("not configured");
        TuiState history = Reducer.assistantMissing(s, HOW_TO, "").to(dev.cellar.tui.state.Screen.CELLS);
        assertThat(ScreenText.render(history, 120, 30, true)).as("a conversation so far stays visible")
                .contains("! the assistant has no model endpoint");
    }

    @Test
    void sendingShowsTheHowToInThePaneAndKeepsTheTypedText() throws Exception {
        TuiState typing = notebook().withChatVisible(true).to(dev.cellar.tui.state.Screen.CHAT).withChatInput("");
        TuiState after = Reducer.assistantMissing(typing, HOW_TO, "add a total per region");
        assertThat(after.chatInput()).isEqualTo("add a total per region");
        assertThat(after.mode()).isEqualTo(Mode.CHAT);
        String screen = ScreenText.render(after, 120, 30, true);
        assertThat(screen).contains("! the assistant has no model endpoint", "> add a total per region");
    }
}
