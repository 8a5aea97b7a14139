package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conflicts always name who changed the cell; an approval shows what it would run. */
class NoStuckStateTest {

    private static TuiState notebook(List<CellInfo> cells) {
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, cells))
                .withConnection(true, "").withChatVisible(false);
    }

    @Test
    void aConflictAfterADaemonRestartNamesTheFileNotNull() throws Exception {
        TuiState s = notebook(List.of(cell("aa1111", "rate = 0.1", CellStatus.OK)));
        TuiState editing = s.withEditor(Editor.of("aa1111", 4, "rate = 0.1").moveTo(0, 10).insert("5"));
        // the daemon started again: versions count from 1, and no writer is known since it read the file
        CellInfo fromFile = new CellInfo("aa1111", CellKind.PYTHON, "rate = 0.3", 1, CellStatus.IDLE, List.of(), List.of(),
                List.of(), null, null, null, List.of());
        TuiState after = Reducer.snapshot(editing, new NotebookSnapshot("nb2", "/tmp/demo.py", 1, 0, List.of(fromFile)));
        String screen = ScreenText.render(after, 80, 24, true);
        assertThat(screen).contains("the file changed this cell while you edited it", "< rate = 0.3", "> rate = 0.15")
                .doesNotContain("null");
    }

    @Test
    void theApprovalPromptShowsTheCodeItRunsAndAnEditAsADiff() throws Exception {
        TuiState s = notebook(List.of(cell("aa1111", "import shutil\nshutil.rmtree('/data')", CellStatus.IDLE),
                cell("bb2222", "a = 1\nb = 2\nc = 3", CellStatus.OK))).withChatVisible(true);
        TuiState run = Reducer.apply(s, new Event.Chat(new Event.Meta("nb1", 1, null, null), EventType.CHAT_APPROVAL, new ChatEvent("t1", "runs unconfined code", "c1",
                "run_cells", "{\"cellIds\":[\"aa1111\"]}", null, null, null)), "user:tui");
        assertThat(ScreenText.render(run, 140, 30, true)).contains("runs unconfined code: run_cells", "runs cell aa1111 (python)",
                "│ shutil.rmtree('/data')", "approve? y/n");
        TuiState edit = Reducer.apply(s, new Event.Chat(new Event.Meta("nb1", 2, null, null), EventType.CHAT_APPROVAL, new ChatEvent("t1", "edits a cell", "c2",
                "update_cell", "{\"cellId\":\"bb2222\",\"code\":\"a = 1\\nb = 20\\nc = 3\"}", null, null, null)), "user:tui");
        assertThat(ScreenText.render(edit, 140, 30, true)).contains("changes cell bb2222 (python)", "│ a = 1", "- b = 2",
                "+ b = 20", "│ c = 3");
    }
}
