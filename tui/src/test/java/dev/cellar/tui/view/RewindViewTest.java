package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.RewindChange;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.RewindFlow;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Undoing a turn on screen: the turn list in the chat pane, the preview of the cells that change, the keys. */
class RewindViewTest {
    static final TurnInfo FIRST = new TurnInfo("turn-1", "assistant", 1, "add z", List.of("z1"), "created z1", false);
    static final TurnInfo SECOND = new TurnInfo("turn-2", "assistant", 2, "rework the notebook",
            List.of("w1", "n1", "x1", "z1"), "created w1; changed x1; moved z1; deleted n1", false);
    static final List<RewindChange> CHANGES = List.of(
            new RewindChange("w1", RewindChange.Kind.DELETE, "w = 5", null, 3, null),
            new RewindChange("n1", RewindChange.Kind.RESTORE, null, "# Notes\nsome text", null, 3),
            new RewindChange("x1", RewindChange.Kind.REVERT, "x = 2", "x = 1", 1, 0),
            new RewindChange("z1", RewindChange.Kind.MOVE, "z = 3", "z = 3", 0, 2));

    private static TuiState listed() {
        TuiState s = Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 4, 9,
                List.of(cell("z1", "z = 3", CellStatus.OK), cell("x1", "x = 2", CellStatus.OK),
                        cell("w1", "w = 5", CellStatus.OK)))).withConnection(true, "");
        return RewindFlow.listed(RewindFlow.open(s), new ChatHistory(List.of(), List.of(FIRST, SECOND)));
    }

    private static TuiState preview(List<RewindConflict> conflicts) {
        RewindResult dry = new RewindResult("turn-2", false, null, List.of("w1"), List.of("n1"), List.of("x1"),
                List.of("z1"), CHANGES);
        return RewindFlow.previewed(listed(), SECOND, dry, conflicts);
    }

    @Test
    void theTurnsAreListedInTheChatPaneTheNewestChosen() throws Exception {
        String screen = ScreenText.render(listed(), 120, 32, true);
        assertThat(screen).contains("turns — u/Enter: preview undoing one", "  turn-1  assistant", "\"add z\"",
                "▶ turn-2  assistant", "created w1; changed x1; moved z1;",
                "undo a turn: j/k choose  u/Enter preview  Esc back");
        assertThat(ScreenText.render(listed().withRewind(listed().rewind().move(-1)), 120, 32, true))
                .contains("▶ turn-1  assistant", "  turn-2  assistant");
    }

    @Test
    void anAgentsTurnCanBeChosenWithoutAnAssistantConfigured() throws Exception {
        TurnInfo agent = new TurnInfo("turn-1", "agent:claude-code", 1, null, List.of("x1"), "changed x1", false);
        TuiState s = RewindFlow.listed(RewindFlow.open(listed().withAssistantSetup("set OPENAI_BASE_URL")),
                new ChatHistory(List.of(), List.of(agent)));
        assertThat(ScreenText.render(s, 80, 24, true)).contains("▶ turn-1  agent:claude-code", "changed x1")
                .doesNotContain("assistant: not configured");
    }

    @Test
    void theChosenTurnStaysInViewInASmallPane() throws Exception {
        List<TurnInfo> many = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> new TurnInfo("turn-" + i,
                "assistant", i, "prompt " + i, List.of(), "no cells changed", false)).toList();
        TuiState s = listed().withRewind(dev.cellar.tui.state.Rewind.of(many));
        assertThat(ScreenText.render(s, 80, 24, true)).contains("▶ turn-30  assistant", "\"prompt 30\"");
        assertThat(ScreenText.render(s.withRewind(s.rewind().move(-29)), 80, 24, true))
                .contains("turns — u/Enter", "▶ turn-1  assistant", "\"prompt 1\"").doesNotContain("turn-30");
    }

    @Test
    void thePreviewNamesEveryCellWithItsFirstLineBeforeAndAfter() throws Exception {
        String screen = ScreenText.render(preview(List.of()), 100, 24, true);
        assertThat(screen).contains("Rewind turn-2 (assistant, \"rework the notebook\")",
                "Undoing it changes 4 cells, as one edit:",
                "delete   w1  w = 5 → (deleted)",
                "restore  n1  (deleted) → # Notes … at [3]",
                "old code x1  x = 2 → x = 1",
                "move     z1  [0] → [2]  z = 3",
                "y rewind turn-2  n/Esc cancel");
        assertThat(screen).doesNotContain("Changed after the turn", "(forced)", "f rewind");
    }

    @Test
    void cellsChangedSinceTheTurnShowBothVersionsAndOnlyFForcesOverThem() throws Exception {
        CellInfo now = new CellInfo("x1", CellKind.PYTHON, "x = 7\nprint(x)", 3, CellStatus.OK, List.of(), List.of(),
                List.of(), null, null, "user:cli", List.of());
        TuiState s = preview(List.of(new RewindConflict("x1", 2L, "x = 2", now)));
        String screen = ScreenText.render(s, 100, 24, true);
        assertThat(screen).contains("A forced rewind changes 4 cells",
                "old code x1  x = 2 → x = 1  (forced)",
                "Changed after the turn (y cannot undo it; f overwrites these with what the turn found):",
                "x1  the turn left: x = 2",
                "now (v3, user:cli): x = 7 …",
                "f rewind, overwriting 1 changed cell  n/Esc cancel");
        assertThat(screen).doesNotContain("y rewind");
        assertThat(s.mode()).isEqualTo(Mode.REWIND);
    }

    @Test
    void anOldTerminalGetsAsciiArrowsIn80x24() throws Exception {
        String screen = ScreenText.render(preview(List.of()), 80, 24, false);
        assertThat(screen).contains("old code x1  x = 2 -> x = 1", "y rewind turn-2");
    }

    @Test
    void theKeyIsInTheHelpAndInTheChatHints() throws Exception {
        TuiState s = listed();
        assertThat(ScreenText.render(RewindFlow.close(s, "").to(dev.cellar.tui.state.Screen.HELP), 80, 240, true))
                .contains("u             undo a turn of the assistant or an agent").containsPattern("Ctrl-U +undo a turn");
        assertThat(ScreenText.render(RewindFlow.close(s, "").to(dev.cellar.tui.state.Screen.CHAT), 120, 32, true))
                .contains("chat: Enter send", "Ctrl-U undo a turn");
        assertThat(ScreenText.render(RewindFlow.close(s, ""), 120, 32, true)).contains("u undo turn");
    }
}
