package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Presence;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who else is in the notebook, on screen: the status bar's list, a marker on cells they edit, a warning in the editor. */
class PresenceViewTest {
    static final String ME = "user:tui";
    static final PresenceInfo SELF = new PresenceInfo("c1", ME, 1, null, PresenceActivity.VIEWING);
    static final PresenceInfo AGENT = new PresenceInfo("c2", "agent:claude-code", 2, "bb2222", PresenceActivity.EDITING);
    static final PresenceInfo CLI = new PresenceInfo("c3", "user:cli", 3, "aa1111", PresenceActivity.RUNNING);

    private static TuiState notebook(List<PresenceInfo> presence) {
        TuiState s = Reducer.snapshot(TuiState.empty("demo.py").withPresence(Presence.of(ME)),
                new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, List.of(cell("aa1111", "x = 1", CellStatus.OK),
                        cell("bb2222", "y = x", CellStatus.OK)), null, List.of(), presence));
        return s.withConnection(true, "").withChatVisible(false);
    }

    @Test
    void aCellTheFileChangedIsMarkedChangedOnDiskAndTheNoticeShows() throws Exception {
        var edited = new dev.cellar.protocol.model.CellInfo("bb2222", dev.cellar.protocol.model.CellKind.PYTHON, "y = x * 2",
                2, CellStatus.STALE, List.of(), List.of(), List.of(), null, null, "file", List.of());
        TuiState s = Reducer.apply(notebook(List.of(SELF)), new Event.CellUpdated(new Event.Meta("nb1", 1, "file", null), edited, 8, null), ME);
        s = Reducer.apply(s, new Event.NotebookFile(new Event.Meta("nb1", 2, "file", null), "demo.py was moved or deleted outside Cellar: \u001b[2Jgone"), ME);
        String screen = ScreenText.render(s, 100, 24, true);
        assertThat(screen).contains("changed on disk", "moved or deleted outside Cellar").doesNotContain("changed by file");
        assertThat(screen).doesNotContain("\u001b");
    }

    @Test
    void theStatusBarListsTheOthersAndACellTheyEditIsMarked() throws Exception {
        String screen = ScreenText.render(notebook(List.of(SELF, AGENT, CLI)), 100, 24, true);
        assertThat(screen).contains("here: agent:claude-code, user:cli", "[1] bb2222 python ✓ ok  ✎ agent:claude-code");
        assertThat(screen.lines().filter(l -> l.contains("✎"))).as("only the cell being edited is marked").hasSize(1);
        assertThat(screen).doesNotContain("here: user:tui");
    }

    @Test
    void presenceEventsReplaceTheListAndALeaverIsGone() throws Exception {
        TuiState s = notebook(List.of(SELF));
        assertThat(ScreenText.render(s, 100, 24, true)).doesNotContain("here:");
        s = Reducer.apply(s, new Event.Presence(new Event.Meta("nb1", 1, "agent:claude-code", null), List.of(SELF, AGENT)), ME);
        assertThat(ScreenText.render(s, 100, 24, true)).contains("here: agent:claude-code", "✎ agent:claude-code");
        s = Reducer.apply(s, new Event.Presence(new Event.Meta("nb1", 2, "agent:claude-code", null), List.of(SELF)), ME);
        assertThat(ScreenText.render(s, 100, 24, true)).doesNotContain("agent:claude-code");
    }

    @Test
    void anotherTuiWithTheSameNameCountsOnceThisUiKnowsItsClientId() throws Exception {
        PresenceInfo otherTui = new PresenceInfo("c9", ME, 9, "aa1111", PresenceActivity.EDITING);
        TuiState s = notebook(List.of(SELF, otherTui));
        s = s.withPresence(s.presence().withClientId("c1"));
        assertThat(ScreenText.render(s, 100, 24, true)).contains("here: user:tui", "aa1111 python ✓ ok  ✎ user:tui");
    }

    @Test
    void editingACellSomeoneElseEditsWarnsBeforeTheFirstKeystroke() throws Exception {
        TuiState s = notebook(List.of(SELF, AGENT)).withSelected(1);
        s = s.withEditor(Editor.of("bb2222", 1, "y = x"));
        String screen = ScreenText.render(s, 100, 24, true);
        assertThat(screen).contains("! agent:claude-code is editing this cell too", "> y = x");
        assertThat(ScreenText.render(notebook(List.of(SELF, AGENT)).withEditor(Editor.of("aa1111", 1, "x = 1")), 100, 24, true)).doesNotContain("is editing this cell too");
    }

    @Test
    void withoutUtf8TheMarkerIsAWord() throws Exception {
        assertThat(ScreenText.render(notebook(List.of(SELF, AGENT)), 80, 24, false))
                .contains("bb2222 python + ok  editing: agent:claude-code");
    }
}
