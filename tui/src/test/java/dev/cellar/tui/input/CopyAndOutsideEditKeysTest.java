package dev.cellar.tui.input;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.term.Osc52;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code y} copies what has the focus (never a cell's raw escapes); {@code E}'s edit comes back as an edit with its version. */
class CopyAndOutsideEditKeysTest {

    private static TuiState notebook(CellInfo... cells) {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(cells)));
    }

    private static Step press(TuiState s, char c) {
        return Keymap.dispatch(s, new KeyStroke(c, false, false), 10);
    }

    private static Step press(TuiState s, KeyType type) {
        return Keymap.dispatch(s, new KeyStroke(type), 10);
    }

    private static String copied(Step step) {
        return step.effects().stream().filter(Effect.Clipboard.class::isInstance).map(e -> ((Effect.Clipboard) e).text())
                .findFirst().orElse(null);
    }

    @Test
    void yCopiesTheSourceOnTheCodeAndTheOutputWhenTheOutputIsSelected() {
        TuiState s = notebook(cell("aa1111", "x = 1\nprint(x)", CellStatus.OK,
                new Output.Stream("stdout", "\u001b[31mred\u001b[0m and \u001b]52;c;cHduZWQ=\u0007plain\n")));

        Step onCode = press(s, 'y');
        assertThat(copied(onCode)).isEqualTo("x = 1\nprint(x)");
        assertThat(onCode.requests()).as("the daemon is not asked").isEmpty();
        assertThat(onCode.state().message()).isEqualTo("copied cell aa1111's source to the clipboard (2 lines, OSC 52)");

        Step onOutput = press(press(s, KeyType.Tab).state(), 'y');
        assertThat(copied(onOutput)).as("colours dropped, other escapes shown, never sent raw")
                .isEqualTo("red and ␛]52…plain\n");
        assertThat(onOutput.state().message()).startsWith("copied the output of cell aa1111");
    }

    @Test
    void aTableIsCopiedAsTabSeparatedRowsAndThePagerCopiesWhatItPages() {
        Output.Table t = new Output.Table(List.of(new Output.Column("a", "int"), new Output.Column("b", "str")),
                List.of(List.of(1, "x"), List.of(2, "y\tz")), 2);
        TuiState s = notebook(cell("aa1111", "df", CellStatus.OK, t));
        assertThat(copied(press(press(s, KeyType.Tab).state(), 'y'))).isEqualTo("a\tb\n1\tx\n2\ty z\n");

        // o on a table opens the table viewer; the pager is for text
        TuiState printed = notebook(cell("aa1111", "print(rows)", CellStatus.OK, new Output.Stream("stdout", "a 1\ny 2\n")));
        Step paged = press(press(printed, 'o').state(), 'y');
        assertThat(paged.state().mode()).isEqualTo(Mode.PAGER);
        assertThat(copied(paged)).isEqualTo("a 1\ny 2\n");
        assertThat(paged.state().pager().note()).startsWith("copied output of cell aa1111");
    }

    @Test
    void whatIsCopiedIsBoundedAtALineAndTheMessageSaysHowMuchWent() {
        String line = "é".repeat(99) + "\n"; // 199 bytes of UTF-8 a line
        String big = line.repeat(1000);
        TuiState s = notebook(cell("aa1111", big, CellStatus.OK));

        Step y = press(s, 'y');
        String sent = copied(y);
        assertThat(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Osc52.MAX_BYTES);
        assertThat(sent).endsWith("\n").isEqualTo(line.repeat(Osc52.MAX_BYTES / 199));
        assertThat(y.state().message()).isEqualTo("copied the first 376 of 1,000 lines of cell aa1111's source"
                + " (the clipboard takes 75 kB)");
        assertThat(new String(Osc52.sequence("hi"), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("\u001b]52;c;aGk=\u0007");
        assertThat(Osc52.bounded("é".repeat(40_000))).as("one long line: cut at a character, not in one")
                .hasSize(Osc52.MAX_BYTES / 2);
    }

    @Test
    void bigEAsksTheLoopForTheEditorWithTheCellsVersion() {
        TuiState s = notebook(cell("aa1111", "x = 1", CellStatus.OK));
        Step e = press(s, 'E');
        assertThat(e.effects()).singleElement().isEqualTo(new Effect.EditOutside("aa1111", 1, "x = 1", "cell-aa1111.py"));
        assertThat(e.requests()).isEmpty();
    }

    @Test
    void theEditorsTextIsSavedWithTheVersionItOpenedAndAConflictIsTheEditorsAsAlways() {
        TuiState s = notebook(cell("aa1111", "x = 1", CellStatus.OK), cell("bb2222", "y = 2", CellStatus.OK));
        Effect.EditOutside opened = new Effect.EditOutside("bb2222", 1, "y = 2", "cell-bb2222.py");

        Step same = OutsideEdit.returned(s, opened, "y = 2\n", null);
        assertThat(same.requests()).as("the editor's final line break is not a change").isEmpty();
        assertThat(same.state().message()).isEqualTo("no change to bb2222 in the editor");

        Step failed = OutsideEdit.returned(s, opened, null, "the editor (nope) exited with 127 (not found?)");
        assertThat(failed.requests()).isEmpty();
        assertThat(failed.state().message()).endsWith(": nothing saved");

        Step changed = OutsideEdit.returned(s, opened, "y = 3\n", null);
        Effect.Request update = changed.requests().getFirst();
        assertThat(update.method()).isEqualTo(Methods.CELL_UPDATE);
        UpdateCellParams params = (UpdateCellParams) update.params();
        assertThat(params.cellId()).isEqualTo("bb2222");
        assertThat(params.code()).isEqualTo("y = 3");
        assertThat(params.expectedVersion()).as("the version the editor opened").isEqualTo(1L);
        assertThat(changed.state().selectedCell().id()).isEqualTo("bb2222");

        // someone changed the cell while the editor was open: the daemon answers CONFLICT and the editor shows both
        CellInfo theirs = new CellInfo("bb2222", dev.cellar.protocol.model.CellKind.PYTHON, "y = 99", 2, CellStatus.OK,
                List.of(), List.of(), List.of(), null, null, "assistant", List.of());
        var data = JsonNodeFactory.instance.objectNode().set("cell", Json.tree(theirs));
        Step conflict = update.onError().apply(changed.state(),
                new RpcException(ErrorCode.CONFLICT, "conflict", data));
        assertThat(conflict.state().mode()).isEqualTo(Mode.EDIT);
        assertThat(conflict.state().editor().inConflict()).isTrue();
        assertThat(conflict.state().editor().theirs()).isEqualTo("y = 99");
        assertThat(conflict.state().editor().text()).as("the editor's text is kept").isEqualTo("y = 3");
    }

    @Test
    void bigEInThePagerAndTheTableViewerEditsTheirCellAndLeavesForTheCells() {
        Output.Table t = new Output.Table(List.of(new Output.Column("a", "int")), List.of(List.of(1)), 1);
        TuiState s = notebook(cell("aa1111", "print('hi')", CellStatus.OK, new Output.Stream("stdout", "hi\n")),
                cell("bb2222", "df", CellStatus.OK, t));

        TuiState paging = press(press(s, KeyType.Tab).state(), 'o').state(); // the output selected, then opened whole
        assertThat(paging.mode()).isEqualTo(Mode.PAGER);
        Step fromPager = press(paging, 'E');
        assertThat(fromPager.effects()).singleElement()
                .isEqualTo(new Effect.EditOutside("aa1111", 1, "print('hi')", "cell-aa1111.py"));
        assertThat(fromPager.state().mode()).as("the output shown was of the code about to change").isEqualTo(Mode.NAVIGATE);
        assertThat(fromPager.state().selectedCell().id()).isEqualTo("aa1111");
        assertThat(fromPager.state().outputSelected()).as("back on the cell's code").isFalse();

        TuiState viewing = press(press(s, KeyType.ArrowDown).state(), 'v').state();
        assertThat(viewing.mode()).isEqualTo(Mode.TABLE);
        Step fromTable = press(viewing, 'E');
        assertThat(fromTable.effects()).singleElement().isEqualTo(new Effect.EditOutside("bb2222", 1, "df", "cell-bb2222.py"));
        assertThat(fromTable.state().mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(fromTable.state().selectedCell().id()).isEqualTo("bb2222");
        assertThat(fromTable.state().message()).startsWith("editing bb2222 in ");

        // what the editor leaves is saved from there as from the cells: with the version E saw
        Step saved = OutsideEdit.returned(fromTable.state(), (Effect.EditOutside) fromTable.effects().getFirst(),
                "df.head()\n", null);
        assertThat(((UpdateCellParams) saved.requests().getFirst().params()).code()).isEqualTo("df.head()");
    }

    @Test
    void ctrlEHandsTheUnsavedBufferToTheEditorAndTakesItBackUnsaved() {
        TuiState s = notebook(cell("aa1111", "x = 1", CellStatus.OK));
        TuiState editing = press(press(s, 'e').state(), 'y').state(); // typed, not saved: "yx = 1"
        assertThat(editing.editor().text()).isEqualTo("yx = 1");

        Step opened = Keymap.dispatch(editing, new KeyStroke('e', true, false), 10);
        Effect.EditOutside e = (Effect.EditOutside) opened.effects().getFirst();
        assertThat(e).isEqualTo(new Effect.EditOutside("aa1111", 1, "yx = 1", "cell-aa1111.py", true));
        assertThat(opened.requests()).as("nothing is saved").isEmpty();

        Step back = OutsideEdit.returned(opened.state(), e, "x = 2\nprint(x)\n", null);
        assertThat(back.requests()).as("still not saved: Ctrl-O does").isEmpty();
        assertThat(back.state().mode()).isEqualTo(Mode.EDIT);
        assertThat(back.state().editor().text()).isEqualTo("x = 2\nprint(x)");
        assertThat(back.state().editor().baseVersion()).as("a save still checks the version the edit began at")
                .isEqualTo(1L);
        assertThat(Keymap.dispatch(back.state(), new KeyStroke('z', true, false), 10).state().editor().text())
                .as("Ctrl-Z undoes what the outside editor did").isEqualTo("yx = 1");
        Step saving = Keymap.dispatch(back.state(), new KeyStroke('o', true, false), 10);
        assertThat(((UpdateCellParams) saving.requests().getFirst().params()).code()).isEqualTo("x = 2\nprint(x)");

        Step unchanged = OutsideEdit.returned(opened.state(), e, "yx = 1\n", null);
        assertThat(unchanged.state().editor().text()).isEqualTo("yx = 1");
        Step failed = OutsideEdit.returned(opened.state(), e, null, "the editor (nope) exited with 127 (not found?)");
        assertThat(failed.state().editor().text()).isEqualTo("yx = 1");
        assertThat(failed.state().message()).endsWith(": the buffer is as it was");

        // a conflict shown when Ctrl-E was pressed is still shown when the text comes back
        TuiState conflicted = opened.state().withEditor(opened.state().editor().withTheirs("x = 99", "assistant"));
        Step kept = OutsideEdit.returned(conflicted, e, "x = 3\n", null);
        assertThat(kept.state().editor().inConflict()).isTrue();
        assertThat(kept.state().editor().text()).isEqualTo("x = 3");
    }
}
