package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Long code, outputs and errors soft-wrap at the pane's width with a marker; nothing is cut. */
class WrappingTest {

    private static TuiState notebook(List<CellInfo> cells) {
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, cells))
                .withConnection(true, "").withChatVisible(false);
    }

    /** The rows' text without blanks, continuation markers and bars, joined: what the user reads, in order. */
    private static String readable(String screen) {
        return screen.replaceAll("[\\s│↪]", "");
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void longCodeAndOutputWrapWithAMarkerAndLoseNothing(int cols) throws Exception {
        String code = "total = " + String.join(" + ", java.util.Collections.nCopies(40, "value"));
        String out = "x".repeat(150) + "END";
        String screen = ScreenText.render(notebook(List.of(cell("aa1111", code, CellStatus.OK, new Output.Stream("stdout",
                out + "\n")))), cols, 24, true);
        assertThat(screen.lines()).allMatch(l -> l.length() <= cols);
        assertThat(screen).contains("↪");
        assertThat(readable(screen)).contains(code.replace(" ", "")).contains(out);
        long codeRows = screen.lines().filter(l -> l.contains("value")).count();
        assertThat(codeRows).as("rows of wrapped code at %d columns", cols).isEqualTo((code.length() + cols - 5) / (cols - 4));
    }

    @Test
    void aLongChatMessageWrapsInThePaneWithTheMarker() throws Exception {
        TuiState s = Reducer.apply(notebook(List.of(cell("aa1111", "x = 1", CellStatus.OK))).withChatVisible(true),
                new Event.Chat(new Event.Meta("nb1", 2, "assistant", null), EventType.CHAT_DELTA,
                        ChatEvent.text("t1", "word ".repeat(30) + "LAST")),
                "user:tui");
        String screen = ScreenText.render(s, 120, 30, true);
        assertThat(screen).contains("ai: word word", "↪ word word", "LAST");
    }

    @Test
    void anErrorWrapsToo() throws Exception {
        CellInfo c = cell("bb2222", "y", CellStatus.ERROR);
        CellInfo longError = new CellInfo(c.id(), c.kind(), c.code(), 1, CellStatus.ERROR, List.of(), List.of(), List.of(),
                new dev.cellar.protocol.model.CellError("ValueError", "v".repeat(100) + "TAIL", List.of(), 1), null, null, null);
        String screen = ScreenText.render(notebook(List.of(longError)), 80, 24, true);
        assertThat(screen).contains("TAIL").contains("│↪");
    }

    @Test
    void theCursorStaysVisibleAtTheEndOfALongLineInTheEditor() throws Exception {
        String code = "y = " + "1 + ".repeat(40) + "1";
        TuiState s = notebook(List.of(cell("aa1111", code, CellStatus.OK)));
        Editor e = Editor.of("aa1111", 1, code).moveTo(0, Integer.MAX_VALUE);
        Renderer.Cursor cursor = new Renderer(new Glyphs(true)).draw(
                new com.googlecode.lanterna.screen.TerminalScreen(new com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal(
                        new com.googlecode.lanterna.TerminalSize(80, 24))).newTextGraphics(),
                new com.googlecode.lanterna.TerminalSize(80, 24), s.withEditor(e));
        assertThat(cursor).isNotNull();
        assertThat(cursor.col()).isBetween(0, 79);
        // 4 columns of prefix, 76 of text a row: the end of 165 characters is on the third row, column 4 + 13
        assertThat(cursor.row()).isEqualTo(2 + 2);
        assertThat(cursor.col()).isEqualTo(4 + code.length() - 2 * 76);
    }

    @Test
    void theLastCellSelectedStillFillsTheScreenWithTheCellsBefore() throws Exception {
        List<CellInfo> cells = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            cells.add(cell(String.format("c%05d", i), "v" + i + " = " + i, CellStatus.OK));
        }
        String screen = ScreenText.render(notebook(cells).withSelected(29), 80, 24, true);
        List<String> rows = screen.lines().toList();
        assertThat(rows.get(22)).as("the row above the hints").contains("v29 = 29");
        assertThat(rows.get(1)).as("the first row of cells").contains("[");
    }
}
