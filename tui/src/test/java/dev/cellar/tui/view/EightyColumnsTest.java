package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.KernelInfo;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceInfo;
import dev.cellar.protocol.model.RewindChange;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.tui.input.Keymap;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.RewindFlow;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 80x24, the size an SSH session starts at: nothing is cut mid-word, and the chat shows the newest line. */
class EightyColumnsTest {
    private static final KernelInfo KERNEL = new KernelInfo("CPython", "3.11.2", "/usr/bin/python3",
            "CPython 3.11.2 (/usr/bin/python3)", "off", null, "duckdb (confined)", null, null);

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("analysis-of-sales.py"), new NotebookSnapshot("nb1",
                "/home/me/analysis-of-sales.py", 12, 0, List.of(cell("aa1111", "x = 1", CellStatus.OK),
                cell("bb2222", "total = sum(range(10**10))", CellStatus.RUNNING)), KERNEL, List.of(),
                List.of(new PresenceInfo("c2", "agent:claude-code", 0, null, dev.cellar.protocol.model.PresenceActivity.VIEWING))))
                .withConnection(true, "");
    }

    private static void uncut(TuiState s) throws Exception {
        String screen = ScreenText.render(s, 80, 24, true);
        assertThat(CutLines.in(screen, 80)).as("lines cut at the edge of:%n%s", screen).isEmpty();
    }

    @Test
    void theStatusBarDropsThePathThenWholeWordsNeverHalfOne() throws Exception {
        TuiState s = notebook();
        String screen = ScreenText.render(s, 80, 24, true);
        String bar = screen.lines().findFirst().orElseThrow();
        assertThat(bar).contains("rev 12  connected  running  here: agent:claude-code").doesNotContain("/usr/bin");
        uncut(s);
        uncut(s.withAssistantSetup("set OPENAI_BASE_URL"));
        assertThat(ScreenText.render(s.withAssistantSetup("x"), 80, 24, true)).contains("assistant: not configured (c: how");
        uncut(s.withConnection(false, "the daemon went away — reconnecting (your edit is kept)…"));
        uncut(s.to(Screen.HELP));
    }

    @Test
    void theChatShowsTheLatestLineAlsoAfterScrollingBack() throws Exception {
        String reply = "the assistant's reply is long enough to wrap over several rows of the pane at eighty columns, "
                .repeat(6) + "THE-LAST-WORDS";
        TuiState s = Reducer.assistantMissing(notebook().withChatVisible(true).to(Screen.CHAT), reply, "");
        assertThat(ScreenText.render(s, 80, 24, true)).contains("THE-LAST-WORDS");
        TuiState back = Keymap.dispatch(s, new KeyStroke(KeyType.PageUp), 10).state();
        assertThat(ScreenText.render(back, 80, 24, true)).doesNotContain("THE-LAST-WORDS");
        TuiState again = Keymap.dispatch(back, new KeyStroke(KeyType.PageDown), 10).state();
        assertThat(ScreenText.render(again, 80, 24, true)).contains("THE-LAST-WORDS");
        uncut(s);
    }

    @Test
    void theApprovalPromptIsWholeAndItsQuestionInView() throws Exception {
        TuiState s = Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 0, List.of(
                cell("aa1111", "import shutil\nshutil.rmtree('/data/warehouse/exports/2026/quarterly-reports-and-their-copies')",
                        CellStatus.IDLE)), KERNEL, List.of())).withConnection(true, "").withChatVisible(true);
        TuiState asked = Reducer.apply(s, new dev.cellar.protocol.event.Event.Chat(
                new dev.cellar.protocol.event.Event.Meta("nb1", 1, null, null), dev.cellar.protocol.event.EventType.CHAT_APPROVAL,
                new dev.cellar.protocol.event.ChatEvent("t1", "runs unconfined code outside the sandbox, which"
                        + " may change any file you can", "c1", "run_cells", "{\"cellIds\":[\"aa1111\"]}", null, null,
                        null)), "user:tui").to(Screen.CHAT);
        String screen = ScreenText.render(asked, 80, 24, true);
        assertThat(screen).contains("approve? y/n");
        uncut(asked);
    }

    @Test
    void theRewindPreviewWrapsItsLines() throws Exception {
        TurnInfo turn = new TurnInfo("turn-2", "agent:claude-code", 2, "rework the notebook so every region has a total",
                List.of("bb2222"), "changed bb2222", false);
        TuiState listed = RewindFlow.listed(RewindFlow.open(notebook()), new ChatHistory(List.of(), List.of(turn)));
        RewindResult dry = new RewindResult("turn-2", false, null, List.of(), List.of(), List.of("bb2222"), List.of(),
                List.of(new RewindChange("bb2222", RewindChange.Kind.REVERT, "total = sum(range(10**10)) + extra_terms",
                        "total = 0", 1, 1)));
        TuiState s = RewindFlow.previewed(listed, turn, dry, List.of(new RewindConflict("bb2222", 2L, "total = 1",
                cell("bb2222", "total = sum(range(10**10))", CellStatus.OK))));
        String screen = ScreenText.render(s, 80, 24, true);
        assertThat(screen).contains("Changed after the turn (y cannot undo it; f overwrites these with what\n",
                "      the turn found):");
        uncut(s);
    }

    private static TuiState withKernel(KernelInfo kernel) {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/home/me/nb.py", 3, 0,
                List.of(cell("aa1111", "x = 1", CellStatus.OK)), kernel, List.of())).withConnection(true, "");
    }

    private static String bar(TuiState s, int columns) throws Exception {
        return ScreenText.render(s, columns, 24, true).lines().findFirst().orElseThrow();
    }

    @Test
    void netEndpointsShowBesideTheSandboxCountedAt80ColumnsAndInFullOnTheHelpScreen() throws Exception {
        TuiState s = withKernel(new KernelInfo("CPython", "3.12.1", "/home/me/.venv/bin/python",
                "CPython 3.12.1 (/home/me/.venv/bin/python)", "landlock+seccomp", null, "duckdb", null, List.of(),
                List.of("10.0.0.5:8786", "db.lan:5432 (10.0.0.9)")));
        assertThat(bar(s, 200)).contains("cellar  nb.py  rev 3  connected  CPython 3.12.1 (/home/me/.venv/bin/python)"
                + " · sandbox: landlock+seccomp · net: 10.0.0.5:8786, db.lan:5432 (10.0.0.9) · sql: duckdb (confined)");
        assertThat(bar(s, 120)).as("the endpoints counted before the Python goes")
                .contains("CPython 3.12.1 · sandbox: landlock+seccomp · net: 2 endpoints · sql: duckdb (confined)");
        assertThat(bar(s, 80)).as("whole parts, the sandbox and net kept, never 'net: 2…'")
                .isEqualTo(" nb.py  rev 3  connected  sandbox: landlock+seccomp · net: 2 endpoints  …");
        uncut(s);

        String help = ScreenText.render(s.to(Screen.HELP), 80, 24, true);
        assertThat(help).contains("What this notebook's kernel may do", "sandbox  landlock+seccomp",
                "net      10.0.0.5:8786\n", "         db.lan:5432 (10.0.0.9)\n", "sql      duckdb (confined)", "Cellar — keys");
        uncut(s.to(Screen.HELP));

        TuiState held = withKernel(new KernelInfo("CPython", "3.12.1", "/usr/bin/python3", "CPython 3.12.1 (/usr/bin/python3)",
                "landlock+seccomp", null, "duckdb", "header settings held until a person confirms them: net=10.0.0.5:8786,"
                + "db.lan:5432,[fd00::7]:9000 (cellar confirm nb.py)", List.of(), List.of("10.0.0.5:8786")));
        assertThat(ScreenText.render(held, 80, 24, true)).as("the footer says which key confirms")
                .contains(" nb.py  rev 3  connected  HELD · sandbox: landlock+seccomp · net: 1 endpoint  …\n",
                        "A confirm what is held");
        uncut(held);
        uncut(held.to(Screen.HELP));
        assertThat(ScreenText.render(held.to(Screen.HELP), 80, 24, true)).contains("held     header settings held",
                "(A to confirm)");
    }

    @Test
    void manyConnectionsAreCountedAt80ColumnsWithHowManyAreUnconfinedAndListedOnTheHelpScreen() throws Exception {
        TuiState s = withKernel(new KernelInfo("CPython", "3.11.2", "/usr/bin/python3", "CPython 3.11.2 (/usr/bin/python3)",
                "off", null, "duckdb, unconfined (postgresql @pg), unconfined (postgresql @warehouse), unconfined (mysql @crm)",
                null, List.of(), List.of("10.0.0.5:8786")));
        assertThat(bar(s, 80)).isEqualTo(" nb.py  rev 3  connected  sandbox: off · sql: 4 connections, 3 unconfined")
                .as("sandbox=off: net= limits nothing, so the bar lists no endpoints").doesNotContain("net");
        assertThat(bar(s, 240)).contains("sql: duckdb (confined), unconfined (postgresql @pg), unconfined (postgresql"
                + " @warehouse), unconfined (mysql @crm)");
        uncut(s);

        String help = ScreenText.render(s.to(Screen.HELP), 80, 24, true);
        assertThat(help).contains("sql      duckdb (confined)\n", "         unconfined (postgresql @pg)\n",
                "         unconfined (postgresql @warehouse)\n", "         unconfined (mysql @crm)\n",
                "net      10.0.0.5:8786\n", "(sandbox=off: cells reach any endpoint anyway)");
        uncut(s.to(Screen.HELP));
    }
}
