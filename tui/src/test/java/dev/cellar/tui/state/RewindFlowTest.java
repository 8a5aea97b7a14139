package dev.cellar.tui.state;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.RewindChange;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Undoing a turn from the UI, step by step: the list, the preview, the line that says what happened. */
class RewindFlowTest {
    static final TurnInfo FIRST = new TurnInfo("turn-1", "assistant", 1, "add z", List.of("z1"), "created z1", false);
    static final TurnInfo SECOND = new TurnInfo("turn-2", "agent:claude-code", 2, null, List.of("x1"), "changed x1", false);

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 4, 9,
                List.of(cell("x1", "x = 2", CellStatus.OK), cell("z1", "z = 42", CellStatus.OK)))).withChatVisible(false);
    }

    private static RewindResult result(String turn, List<String> deleted, List<String> restored, List<String> changed) {
        return new RewindResult(turn, false, null, deleted, restored, changed, List.of(), List.of());
    }

    @Test
    void theTurnListOpensInTheChatPaneWithTheNewestTurnChosen() {
        TuiState s = RewindFlow.open(notebook());
        assertThat(s.mode()).isEqualTo(Mode.TURNS);
        assertThat(s.chatVisible()).isTrue();
        assertThat(s.rewind().chosen()).as("still listing").isNull();

        s = RewindFlow.listed(s, new ChatHistory(List.of(), List.of(FIRST, SECOND)));
        assertThat(s.rewind().chosen()).isEqualTo(SECOND);
        assertThat(s.rewind().move(-1).chosen()).isEqualTo(FIRST);
        assertThat(s.rewind().move(-5).chosen()).isEqualTo(FIRST);
        assertThat(s.rewind().move(3).chosen()).isEqualTo(SECOND);
    }

    @Test
    void aNotebookWithoutTurnsSaysSoAndALateListIsIgnored() {
        TuiState none = RewindFlow.listed(RewindFlow.open(notebook()), new ChatHistory(List.of(), List.of()));
        assertThat(none.mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(none.message()).isEqualTo("no turn of the assistant or an agent to rewind yet");

        TuiState left = RewindFlow.close(RewindFlow.open(notebook()), "");
        assertThat(RewindFlow.listed(left, new ChatHistory(List.of(), List.of(FIRST)))).isEqualTo(left);
    }

    @Test
    void theDryRunBecomesThePreviewAndAnAnswerAfterCancellingIsIgnored() {
        TuiState s = RewindFlow.listed(RewindFlow.open(notebook()), new ChatHistory(List.of(), List.of(FIRST)));
        RewindChange gone = new RewindChange("z1", RewindChange.Kind.DELETE, "z = 42", null, 1, null);
        RewindResult dry = new RewindResult("turn-1", false, null, List.of("z1"), List.of(), List.of(), List.of(),
                List.of(gone));

        TuiState preview = RewindFlow.previewed(s, FIRST, dry, List.of());
        assertThat(preview.mode()).isEqualTo(Mode.REWIND);
        assertThat(preview.rewind().preview().changes()).containsExactly(gone);
        assertThat(preview.rewind().preview().needsForce()).isFalse();

        TuiState cancelled = RewindFlow.close(s, "rewind cancelled: nothing changed");
        assertThat(RewindFlow.previewed(cancelled, FIRST, dry, List.of())).isEqualTo(cancelled);
    }

    @Test
    void anAlreadyRewoundTurnSaysSoInsteadOfAPreview() {
        TuiState s = RewindFlow.listed(RewindFlow.open(notebook()), new ChatHistory(List.of(), List.of(FIRST)));
        RewindResult again = new RewindResult("turn-1", true, null, List.of(), List.of(), List.of(), List.of());
        TuiState next = RewindFlow.previewed(s, FIRST, again, List.of());
        assertThat(next.mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(next.message()).isEqualTo("turn-1 was already rewound: nothing changed");
    }

    @Test
    void afterTheRewindOneLineSaysWhatHappened() {
        TuiState done = RewindFlow.applied(RewindFlow.open(notebook()),
                result("turn-3", List.of("w1"), List.of("n1", "n2"), List.of()));
        assertThat(done.mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(done.rewind()).isNull();
        assertThat(done.message()).isEqualTo("turn-3 rewound: 2 cells restored, 1 deleted");
        assertThat(Rewind.done(result("turn-4", List.of(), List.of(), List.of("x1"))))
                .isEqualTo("turn-4 rewound: 1 cell changed back");
        assertThat(Rewind.done(result("turn-5", List.of(), List.of(), List.of())))
                .isEqualTo("turn-5 rewound: it had changed no cells");
    }

    @Test
    void theConflictsComeFromTheErrorDataAndAForcedRewindOverwritesExactlyThem() {
        RewindConflict x = new RewindConflict("x1", 2L, "x = 2", cell("x1", "x = 7", CellStatus.OK));
        RewindConflict gone = new RewindConflict("z1", 3L, "z = 42", null);
        var data = Json.MAPPER.createObjectNode().put("turnId", "turn-1").set("conflicts", Json.tree(List.of(x, gone)));

        List<RewindConflict> conflicts = RewindFlow.conflicts(data);

        assertThat(conflicts).extracting(RewindConflict::cellId).containsExactly("x1", "z1");
        assertThat(conflicts.getFirst().current().code()).isEqualTo("x = 7");
        assertThat(conflicts.get(1).current()).isNull();
        Rewind.Preview p = new Rewind.Preview(FIRST, List.of(), conflicts);
        assertThat(p.needsForce()).isTrue();
        assertThat(p.forced()).containsExactly("x1", "z1");
    }

    @Test
    void anErrorIsOneLineInTheMessageBar() {
        TuiState s = RewindFlow.close(RewindFlow.open(notebook()), "no turn turn-9 in this notebook\n  (chat history lists)");
        assertThat(s.message()).isEqualTo("no turn turn-9 in this notebook (chat history lists)");
        assertThat(s.mode()).isEqualTo(Mode.NAVIGATE);
    }
}
