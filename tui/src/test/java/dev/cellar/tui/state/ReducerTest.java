package dev.cellar.tui.state;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReducerTest {
    static final String ME = "user:tui";

    private static TuiState start() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3,
                List.of(cell("a", "x = 1", CellStatus.OK), cell("b", "y = x", CellStatus.OK))));
    }

    private static CellInfo edited(String id, String code, long version, String actor) {
        return new CellInfo(id, dev.cellar.protocol.model.CellKind.PYTHON, code, version, CellStatus.STALE, List.of(),
                List.of(), List.of(), null, null, actor, List.of());
    }

    @Test
    void anEditByAnotherClientIsAppliedAndMarkedUntilTheUserLooksAtIt() {
        TuiState s = Reducer.apply(start(), new Event.CellUpdated(new Event.Meta("nb1", 4, "assistant", null), edited("b", "y = x + 1", 2, "assistant"), 2, null), ME);
        assertThat(s.cells().get(1).code()).isEqualTo("y = x + 1");
        assertThat(s.revision()).isEqualTo(2);
        assertThat(s.changedByOthers()).containsExactly("b");
        assertThat(s.withSelected(1).changedByOthers()).isEmpty();

        TuiState mine = Reducer.apply(start(), new Event.CellUpdated(new Event.Meta("nb1", 4, ME, null), edited("b", "y = 2", 2, ME), 2, null), ME);
        assertThat(mine.changedByOthers()).isEmpty();
    }

    @Test
    void streamedOutputIsAppendedWhileTheCellRuns() {
        TuiState s = start();
        for (String chunk : List.of("one\n", "two\n")) {
            s = Reducer.apply(s, new Event.CellOutput(new Event.Meta("nb1", 5, null, null), "a", new Output.Stream("stdout", chunk)), ME);
        }
        assertThat(s.cells().getFirst().outputs()).containsExactly(new Output.Stream("stdout", "one\ntwo\n"));
    }

    @Test
    void aFigureOrValueStreamedDuringARunIsAddedInOrderNotTakenForText() {
        TuiState s = start();
        Output.Display figure = new Output.Display(java.util.Map.of(Output.Display.PLAIN, "<Figure>"));
        for (Output o : List.of(new Output.Stream("stdout", "a\n"), figure, new Output.Text("42"),
                new Output.Stream("stdout", "b\n"))) {
            s = Reducer.apply(s, new Event.CellOutput(new Event.Meta("nb1", 5, null, null), "a", o), ME);
        }
        assertThat(s.cells().getFirst().outputs()).containsExactly(new Output.Stream("stdout", "a\n"), figure,
                new Output.Text("42"), new Output.Stream("stdout", "b\n"));
    }

    @Test
    void aChangeToTheCellBeingEditedBecomesAConflictNotALoss() {
        TuiState s = start().withEditor(Editor.of("a", 1, "x = 1").moveTo(0, 5).insert("0"));
        s = Reducer.apply(s, new Event.CellUpdated(new Event.Meta("nb1", 4, "user:bob", null), edited("a", "x = 2", 2, "user:bob"), 2, null), ME);
        assertThat(s.editor().text()).isEqualTo("x = 10");
        assertThat(s.editor().inConflict()).isTrue();
        assertThat(s.editor().theirs()).isEqualTo("x = 2");
        assertThat(s.editor().theirActor()).isEqualTo("user:bob");
    }

    @Test
    void aConflictNamesWhoEditedTheCodeNotTheKernelThatRanIt() {
        TuiState s = start().withEditor(Editor.of("a", 1, "x = 1").moveTo(0, 5).insert("0"));
        CellInfo byCli = edited("a", "x = 2", 2, "user:cli");
        s = Reducer.apply(s, new Event.CellUpdated(new Event.Meta("nb1", 4, "user:cli", null), byCli, 2, null), ME);
        CellInfo running = new CellInfo("a", byCli.kind(), "x = 2", 2, CellStatus.RUNNING, List.of(), List.of(), List.of(),
                null, null, "user:cli", List.of());
        s = Reducer.apply(s, new Event.CellState(new Event.Meta("nb1", 5, "kernel", null), running), ME);
        assertThat(s.editor().theirActor()).isEqualTo("user:cli");
        assertThat(s.editor().text()).isEqualTo("x = 10");
    }

    @Test
    void createsDeletesAndMovesKeepTheOrder() {
        TuiState s = Reducer.apply(start(), new Event.CellCreated(new Event.Meta("nb1", 4, ME, null), cell("c", "z = 3", CellStatus.IDLE), 1, 2), ME);
        assertThat(s.cells()).extracting(CellInfo::id).containsExactly("a", "c", "b");
        s = Reducer.apply(s, new Event.CellMoved(new Event.Meta("nb1", 5, null, null), "a", 2, 3), ME);
        assertThat(s.cells()).extracting(CellInfo::id).containsExactly("c", "b", "a");
        s = Reducer.apply(s, new Event.CellDeleted(new Event.Meta("nb1", 6, null, null), "b", 4), ME);
        assertThat(s.cells()).extracting(CellInfo::id).containsExactly("c", "a");
    }

    @Test
    void theConversationSoFarFillsTheChatPaneOnAttach() {
        var history = new dev.cellar.protocol.method.ChatHistory(List.of(
                dev.cellar.protocol.model.ChatMessage.user("add z", "user:alice"),
                dev.cellar.protocol.model.ChatMessage.assistant("", List.of(
                        new dev.cellar.protocol.model.ChatMessage.ToolCall("c1", "create_cell", "{\"code\":\"z = 1\"}"))),
                dev.cellar.protocol.model.ChatMessage.tool("c1", "{\"cellId\":\"k3f9a2\",\"version\":1}", true),
                dev.cellar.protocol.model.ChatMessage.assistant("Added z.", List.of())));
        TuiState s = Reducer.history(start(), history);
        assertThat(s.chat()).extracting(ChatLine::text)
                .containsExactly("add z", "adding a cell", "added cell k3f9a2", "Added z.");
    }

    @Test
    void aReplayedToolResultIsFailedOnlyWhenTheDaemonSaysSoNotWhenItsTextMentionsError() {
        var history = new dev.cellar.protocol.method.ChatHistory(List.of(
                dev.cellar.protocol.model.ChatMessage.assistant("", List.of(
                        new dev.cellar.protocol.model.ChatMessage.ToolCall("c1", "run_cell", "{\"cellId\":\"a\"}"),
                        new dev.cellar.protocol.model.ChatMessage.ToolCall("c2", "run_cell", "{\"cellId\":\"b\"}"))),
                // a cell that ran fine and printed a JSON log line holding "error"
                dev.cellar.protocol.model.ChatMessage.tool("c1", "{\"status\":\"ok\",\"output\":\"{\\\"error\\\": 0}\"}", true),
                dev.cellar.protocol.model.ChatMessage.tool("c2", "{\"message\":\"no cell b\"}", false)));
        TuiState s = Reducer.history(start(), history);
        assertThat(s.chat()).extracting(ChatLine::kind).containsExactly(ChatLine.Kind.TOOL, ChatLine.Kind.TOOL,
                ChatLine.Kind.RESULT, ChatLine.Kind.RESULT_FAILED);
    }

    @Test
    void theEditorTypesUndoesAndPastesManyLines() {
        Editor e = Editor.of("a", 1, "ab");
        e = e.moveTo(0, 1).insert("X");
        assertThat(e.text()).isEqualTo("aXb");
        e = e.insert("1\n2\n3");
        assertThat(e.text()).isEqualTo("aX1\n2\n3b");
        assertThat(e.row()).isEqualTo(2);
        assertThat(e.col()).isEqualTo(1);
        e = e.backspace().backspace().backspace(); // "3", the line break, "2"
        assertThat(e.text()).isEqualTo("aX1\nb");
        assertThat(e.undoLast().text()).isEqualTo("aX1\n2b");
        assertThat(e.undoLast().undoLast().undoLast().text()).isEqualTo("aX1\n2\n3b");
    }

    @Test
    void problemsInTheFileAreTheMessageOnAttaching() {
        NotebookSnapshot clean = new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of());
        assertThat(Reducer.problemsMessage(clean)).isEmpty();
        NotebookSnapshot two = new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(), null,
                List.of("unknown setting bogus=1 in the header (ignored)", "cell id a appears more than once"));
        assertThat(Reducer.problemsMessage(two))
                .isEqualTo("warning: unknown setting bogus=1 in the header (ignored) (and 1 more: cellar show lists them)");
    }

    @Test
    void whatWaitsForAConfirmationLeadsTheStatusBarAndAKernelChangeReplacesIt() {
        var held = new dev.cellar.protocol.model.KernelInfo("CPython", "3.11", "/usr/bin/python3", "CPython 3.11",
                "landlock+seccomp", null, null, "header settings held until a person confirms them: sandbox=off", null);
        TuiState s = Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(),
                held, List.of()));
        assertThat(s.kernel()).isEqualTo("HELD: A to confirm · CPython 3.11 · sandbox: landlock+seccomp");
        var confirmed = new dev.cellar.protocol.model.KernelInfo("CPython", "3.11", "/usr/bin/python3", "CPython 3.11",
                "off", null, null, null, null);
        s = Reducer.apply(s, new Event.KernelChanged(new Event.Meta("nb1", 4, "user:cli", null), confirmed, null), ME);
        assertThat(s.kernel()).isEqualTo("CPython 3.11 · sandbox: off");
        assertThat(s.message()).isEqualTo("the kernel now runs CPython 3.11, sandbox: off");
    }

    @Test
    void aKernelThatMayReachEndpointsSaysHowManyWhenItStarts() {
        TuiState s = Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(),
                null, List.of()));
        var confined = new dev.cellar.protocol.model.KernelInfo("CPython", "3.11", "/usr/bin/python3", "CPython 3.11",
                "landlock+seccomp", null, null, null, null, List.of("127.0.0.1:8786", "db.lan:5432 (10.0.0.9)"));
        s = Reducer.apply(s, new Event.KernelChanged(new Event.Meta("nb1", 4, "user:cli", null), confined, null), ME);
        assertThat(s.message()).isEqualTo("the kernel now runs CPython 3.11, sandbox: landlock+seccomp, net: 2 endpoints");
    }
}
