package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Screens as text, on Lanterna's virtual terminal. */
class RendererTest {

    private static TuiState notebook(List<dev.cellar.protocol.model.CellInfo> cells) {
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, cells))
                .withConnection(true, "");
    }

    @Test
    void everyCellStateHasItsGlyphAndNameAndItFitsIn80x24() throws Exception {
        TuiState s = notebook(List.of(
                cell("aa1111", "x = 1", CellStatus.OK, new Output.Text("1")),
                cell("bb2222", "y = x / 0", CellStatus.ERROR),
                cell("cc3333", "while True: pass", CellStatus.RUNNING),
                cell("dd4444", "z = y", CellStatus.BLOCKED),
                cell("ee5555", "w = 2", CellStatus.STALE),
                cell("ff6666", "v = 3", CellStatus.QUEUED))).withChatVisible(false);
        String screen = ScreenText.render(s, 80, 24, true);
        assertThat(screen).contains("cellar  demo.py  rev 7  connected", "▶ [0] aa1111 python ✓ ok", "[1] bb2222 python ✗ error",
                "[2] cc3333 python ● running", "[3] dd4444 python ⊘ blocked", "[4] ee5555 python ~ stale",
                "[5] ff6666 python ◌ queued", "│ 1", "ZeroDivisionError: division by zero", "j/k move");
        assertThat(screen.lines()).hasSize(24).allMatch(l -> l.length() <= 80);
    }

    @Test
    void withoutUtf8TheGlyphsAreAscii() throws Exception {
        String screen = ScreenText.render(notebook(List.of(cell("aa1111", "x = 1", CellStatus.OK),
                cell("bb2222", "y", CellStatus.ERROR))).withChatVisible(false), 80, 24, false);
        assertThat(screen).contains("> [0] aa1111 python + ok", "[1] bb2222 python x error").doesNotContain("✓");
    }

    @Test
    void aTableOutputIsAGridWithItsRowCount() throws Exception {
        Output.Table t = new Output.Table(List.of(new Output.Column("region", "VARCHAR"), new Output.Column("total", "BIGINT")),
                List.of(List.of("north", 160), List.of("south", 80)), 1234);
        String screen = ScreenText.render(notebook(List.of(cell("aa1111", "SELECT …", CellStatus.OK, t))).withChatVisible(false),
                80, 24, true);
        assertThat(screen).contains("region | total", "north  | 160", "south  | 80", "(2 of 1,234 rows shown · v: view the preview");
    }

    @Test
    void theEditorShowsTheBufferAndAConflictShowsBothVersions() throws Exception {
        TuiState s = notebook(List.of(cell("aa1111", "rate = 0.1", CellStatus.OK)));
        Editor e = Editor.of("aa1111", 1, "rate = 0.1").moveTo(0, 10).insert("5");
        TuiState editing = s.withEditor(e);
        assertThat(ScreenText.render(editing, 80, 24, true)).contains("> rate = 0.15", "Ctrl-O save");

        TuiState conflict = editing.withEditor(e.withTheirs("rate = 0.2", "assistant"));
        assertThat(ScreenText.render(conflict, 80, 24, true)).contains("assistant changed this cell while you edited it",
                "< rate = 0.2", "> rate = 0.15", "Ctrl-K keep mine  Ctrl-T take theirs  Ctrl-B both");
    }

    @Test
    void theChatPaneShowsCompactToolCardsBesideWideScreensAndBelowNarrowOnes() throws Exception {
        TuiState s = notebook(List.of(cell("aa1111", "x = 1", CellStatus.OK)));
        for (Event e : List.of(
                chat(EventType.CHAT_MESSAGE, ChatEvent.text("t1", "fix my cell")),
                chat(EventType.CHAT_TOOL_CALL, ChatEvent.call("t1", "c1", "update_cell", "{\"cellId\":\"aa1111\"}")),
                chat(EventType.CHAT_TOOL_RESULT, ChatEvent.result("t1", "c1", "update_cell", "{\"cellId\":\"aa1111\"}", true)),
                chat(EventType.CHAT_TOOL_CALL, ChatEvent.call("t1", "c2", "run_cells", "{}")),
                chat(EventType.CHAT_TOOL_RESULT, ChatEvent.result("t1", "c2", "run_cells",
                        "{\"cells\":[{\"status\":\"ok\"},{\"status\":\"error\"}]}", true)),
                chat(EventType.CHAT_DELTA, ChatEvent.text("t1", "Done, ")),
                chat(EventType.CHAT_DELTA, ChatEvent.text("t1", "one cell still fails.")))) {
            s = Reducer.apply(s, e, "user:tui");
        }
        String wide = ScreenText.render(s, 140, 30, true);
        assertThat(wide).contains("you: fix my cell", "editing cell aa1111", "✓ edited cell aa1111", "✓ ran 2 cells: 1 error",
                "ai: Done, one cell still fails.", "assistant (working)");
        assertThat(wide.lines().filter(l -> l.contains("[0] aa1111") && l.contains("assistant (working)")).count())
                .as("cells and chat side by side").isEqualTo(1);
        String narrow = ScreenText.render(s, 80, 24, true);
        // the pane below is short: the newest lines, down to the reply's last, are the ones shown
        assertThat(narrow).contains("✓ ran 2 cells: 1 error", "ai: Done, one cell still fails.");
    }

    @Test
    void helpListsEveryKeyOfTheKeymapAndScrollsOnAShortTerminal() throws Exception {
        TuiState help = notebook(List.of()).to(dev.cellar.tui.state.Screen.HELP);
        String tall = ScreenText.render(help, 80, 160, true);
        for (dev.cellar.tui.input.Binding b : dev.cellar.tui.input.Keymap.bindings()) {
            assertThat(tall).contains(b.help());
        }
        assertThat(tall).contains("Cellar — keys", "Editor", "Ctrl-K", "changed underneath: keep mine", "Chat");
        String first = ScreenText.render(help, 80, 24, true);
        assertThat(first).contains("Cellar — keys", "j/k scroll").doesNotContain("Ctrl-K");
        TuiState down = help;
        for (int i = 0; i < 60 && !ScreenText.render(down, 80, 24, true).contains("Ctrl-K"); i++) {
            down = dev.cellar.tui.input.Keymap.dispatch(down, new com.googlecode.lanterna.input.KeyStroke('j', false, false),
                    20).state();
        }
        assertThat(ScreenText.render(down, 80, 24, true)).contains("Ctrl-K").doesNotContain("Cellar — keys");
    }

    @Test
    void whatIsHeldForAConfirmationShowsInTheStatusBarAndTheHints() throws Exception {
        var held = new dev.cellar.protocol.model.KernelInfo("CPython", "3.11", "/usr/bin/python3", "CPython 3.11",
                "landlock+seccomp", null, null, "header settings held until a person confirms them", null);
        TuiState s = Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0,
                List.of(), held, List.of())).withConnection(true, "").withChatVisible(false);
        assertThat(ScreenText.render(s, 160, 24, true)).contains("HELD: A to confirm · CPython 3.11",
                "A confirm what is held  j/k move");
    }

    private static Event chat(EventType type, ChatEvent c) {
        return new Event.Chat(new Event.Meta("nb1", 1, "assistant", null), type, c);
    }

    @Test
    void theSelectedOutputIsMarkedAndTheHintsAndHelpSayWhatEnterDoesThere() throws Exception {
        TuiState s = notebook(List.of(cell("aa1111", "print(1)", CellStatus.OK, new Output.Text("1")))).withChatVisible(false);
        assertThat(ScreenText.render(s, 120, 24, true)).contains("e edit", "Tab/o output").doesNotContain("▶ │ 1");
        String on = ScreenText.render(s.withOutputSelected(true), 120, 24, true);
        assertThat(on).contains("  ▶ │ 1", "output of cell aa1111: Enter/o open it whole  Tab/Esc back to the code");
        assertThat(ScreenText.render(s.to(dev.cellar.tui.state.Screen.HELP), 80, 24, true))
                .contains("Enter/o       on a selected output: open it whole (tables in the viewer)",
                        "Tab/o         select the output (Tab), open it whole (o)");
    }
}
