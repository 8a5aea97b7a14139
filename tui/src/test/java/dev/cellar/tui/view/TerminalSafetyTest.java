package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever a cell prints, the screen shows it (colours as colours) and the UI stays up. */
class TerminalSafetyTest {
    private static final String E = "\u001b";
    /** Every C0 and C1 control, DEL, and the common OSC, DCS, APC and CSI sequences. */
    static final String EVERYTHING;

    static {
        StringBuilder sb = new StringBuilder("c0:");
        for (char c = 0; c < 0x20; c++) {
            sb.append(c);
        }
        sb.append(" del:\u007f c1:");
        for (char c = 0x80; c <= 0x9f; c++) {
            sb.append(c);
        }
        sb.append("\n").append(E).append("]0;pwned title\u0007").append(E).append("]52;c;aGVsbG8=").append(E).append("\\")
                .append(E).append("]8;;https://example.com").append(E).append("\\link").append(E).append("]8;;").append(E)
                .append("\\").append(E).append("Pq#0;2;0;0;0").append(E).append("\\").append(E).append("_Ga=T;AAAA")
                .append(E).append("\\").append(E).append("[2J").append(E).append("[H").append(E).append("[?1049l")
                .append(E).append("c").append(E).append("[31mred").append(E).append("[0m end\n");
        EVERYTHING = sb.toString();
    }

    private static TuiState notebook(CellInfo... cells) {
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, List.of(cells)))
                .withConnection(true, "").withChatVisible(false);
    }

    private static CellInfo withError(String id, String summary) {
        return new CellInfo(id, CellKind.SQL, "SELECT * FROM pg_clas", 1, CellStatus.ERROR, List.of(), List.of(), List.of(),
                new CellError("CatalogException", summary, List.of(), 1), null, "user:alice", List.of());
    }

    private static void assertNoControlOnScreen(DefaultVirtualTerminal vt) {
        for (int r = 0; r < vt.getTerminalSize().getRows(); r++) {
            for (int c = 0; c < vt.getTerminalSize().getColumns(); c++) {
                String ch = vt.getCharacter(c, r).getCharacterString();
                assertThat(ch.chars().noneMatch(x -> x < 0x20 || x >= 0x7f && x <= 0x9f)).as("row %d col %d", r, c).isTrue();
            }
        }
    }

    @Test
    void everyControlInAnOutputIsShownAndTheUiStaysUp() throws Exception {
        CellInfo c = cell("aa1111", "print(everything)", CellStatus.OK, new Output.Stream("stdout", EVERYTHING));
        DefaultVirtualTerminal vt = ScreenText.terminal(notebook(c), 120, 30, new Renderer(new Glyphs(true)));
        String screen = ScreenText.text(vt);
        assertThat(screen).contains("c0:␀␁␂", "␛]…", "␛]52…", "link", "␛P…", "␛_…", "␛[2J", "␛[H", "␛c", "red end")
                .doesNotContain("pwned", "aGVsbG8=");
        assertNoControlOnScreen(vt);
    }

    @Test
    void sgrColoursAreDrawnAsColours() throws Exception {
        CellInfo c = cell("aa1111", "print(…)", CellStatus.OK, new Output.Stream("stdout",
                E + "[31mred" + E + "[0m normal " + E + "[1;38;2;1;2;3;44mrgb" + E + "[0m " + E + "[4;7mu\n"));
        DefaultVirtualTerminal vt = ScreenText.terminal(notebook(c), 80, 24, new Renderer(new Glyphs(true)));
        String screen = ScreenText.text(vt);
        assertThat(screen).contains("│ red normal rgb u");
        int row = screen.lines().toList().indexOf(screen.lines().filter(l -> l.contains("red normal")).findFirst().orElseThrow());
        int col = screen.lines().toList().get(row).indexOf("red normal");
        assertThat(vt.getCharacter(col, row).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);
        assertThat(vt.getCharacter(col + 4, row).getForegroundColor()).isEqualTo(TextColor.ANSI.DEFAULT);
        TextCharacter rgb = vt.getCharacter(col + 11, row);
        assertThat(rgb.getForegroundColor()).isEqualTo(new TextColor.RGB(1, 2, 3));
        assertThat(rgb.getBackgroundColor()).isEqualTo(TextColor.ANSI.BLUE);
        assertThat(rgb.getModifiers()).contains(SGR.BOLD);
        assertThat(vt.getCharacter(col + 15, row).getModifiers()).contains(SGR.UNDERLINE, SGR.REVERSE);
    }

    @Test
    void controlsInCodeNamesMessagesErrorsAndChatNeverReachLanterna() throws Exception {
        String bad = "x" + E + "[2J\u0007\u009b\t";
        CellInfo c = new CellInfo("aa" + bad, CellKind.PYTHON, "s = '" + bad + "'", 1, CellStatus.ERROR, List.of(bad),
                List.of(), List.of(new Output.Table(List.of(new Output.Column("c" + bad, "VARCHAR")), List.<List<Object>>of(
                        List.of(bad)), 1)), new CellError("E" + bad, "boom" + bad, List.of("tb" + bad), 1), "out" + bad,
                "agent:" + bad, List.of());
        TuiState s = notebook(c).withMessage("msg" + bad).withChatVisible(true);
        s = Reducer.apply(s, new Event.Chat(new Event.Meta("nb1", 1, null, null), EventType.CHAT_DELTA, ChatEvent.text("t1", "hi" + bad)), "me");
        for (int width : new int[] {80, 130}) {
            DefaultVirtualTerminal vt = ScreenText.terminal(s, width, 50, new Renderer(new Glyphs(true)));
            assertNoControlOnScreen(vt);
            assertThat(ScreenText.text(vt)).contains("boomx␛[2J␇␛[", "-> outx␛[2J␇␛[", "msgx␛[2J␇␛[", "ai: hix␛[2J␇␛[",
                    "s = 'x␛[2J␇␛[");
        }
        DefaultVirtualTerminal pager = ScreenText.terminal(s.withPager(Pager.of("out" + bad, Renderer.wholeOutput(c))), 80, 24,
                new Renderer(new Glyphs(true)));
        assertNoControlOnScreen(pager);
        DefaultVirtualTerminal viewer = ScreenText.terminal(s.withTable(dev.cellar.tui.state.TableViewer.of(c.id(),
                (Output.Table) c.outputs().getFirst())), 80, 24, new Renderer(new Glyphs(true)));
        assertNoControlOnScreen(viewer);
        assertThat(ScreenText.text(viewer)).contains("cx␛[2J␇␛[", "x␛[2J␇␛[");
    }

    @Test
    void aMultiLineErrorKeepsItsLines() throws Exception {
        String duck = "Catalog Error: Table with name pg_clas does not exist!\nDid you mean \"pg_class\"?\n\n"
                + "LINE 1: SELECT * FROM pg_clas\n                      ^";
        String screen = ScreenText.render(notebook(withError("aa1111", duck)), 80, 24, true);
        assertThat(screen).contains("│ CatalogException: Catalog Error: Table with name pg_clas does not exist!", "│ Did you mean \"pg_class\"?",
                "│ LINE 1: SELECT * FROM pg_clas", "│                       ^").doesNotContain("↪n");
    }

    @Test
    void thePagerShowsColoursAndSearchesTheText() throws Exception {
        CellInfo c = cell("aa1111", "p", CellStatus.OK, new Output.Stream("stdout", E + "[32mgreen\nstill" + E + "[0m\nplain\n"));
        Pager p = Pager.of("output", Renderer.wholeOutput(c));
        DefaultVirtualTerminal vt = ScreenText.terminal(notebook(c).withPager(p), 80, 24, new Renderer(new Glyphs(true)));
        String screen = ScreenText.text(vt);
        assertThat(screen).contains("  green", "  still", "  plain");
        assertThat(vt.getCharacter(2, 3).getForegroundColor()).as("the colour carries to the next line")
                .isEqualTo(TextColor.ANSI.GREEN);
        assertThat(p.typing("32").findNext().note()).as("the colour's code is not text").isEqualTo("not found: 32");
    }

    @Test
    void aRunningCellShowsTheTailOfItsOutput() throws Exception {
        StringBuilder ticks = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            ticks.append("tick ").append(i).append('\n');
        }
        String running = ScreenText.render(notebook(cell("aa1111", "loop", CellStatus.RUNNING,
                new Output.Stream("stdout", ticks.toString()))), 80, 30, true);
        assertThat(running).contains("… 28 earlier lines (o shows them all)", "│ tick 39").doesNotContain("tick 0\n", "tick 27\n");
        String done = ScreenText.render(notebook(cell("aa1111", "loop", CellStatus.OK,
                new Output.Stream("stdout", ticks.toString()))), 80, 30, true);
        assertThat(done).contains("│ tick 0", "… 28 more lines").doesNotContain("tick 39");
    }
}
