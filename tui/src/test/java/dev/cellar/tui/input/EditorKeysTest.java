package dev.cellar.tui.input;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The editor's keys, through the one keymap: what a person presses and what the cell then holds. */
class EditorKeysTest {

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(
                cell("aa1111", "rate = 0.1\nprice = 20", CellStatus.OK), cell("bb2222", "total = price", CellStatus.OK))));
    }

    private static TuiState press(TuiState s, KeyStroke... keys) {
        for (KeyStroke k : keys) {
            s = Keymap.dispatch(s, k, 10).state();
        }
        return s;
    }

    private static KeyStroke ch(char c) {
        return new KeyStroke(c, false, false);
    }

    private static KeyStroke ctrl(char c) {
        return new KeyStroke(c, true, false);
    }

    private static KeyStroke key(KeyType t) {
        return new KeyStroke(t);
    }

    private static KeyStroke key(KeyType t, boolean ctrl, boolean alt, boolean shift) {
        return new KeyStroke(t, ctrl, alt, shift);
    }

    private static TuiState editing(TuiState s) {
        TuiState e = press(s, ch('e'));
        assertThat(e.mode()).isEqualTo(Mode.EDIT);
        return e;
    }

    @Test
    void ctrlArrowsMoveByWordsAndShiftSelects() {
        TuiState s = editing(notebook());
        s = press(s, key(KeyType.ArrowRight, true, false, false)); // after "rate"
        assertThat(s.editor().col()).isEqualTo(4);
        s = press(s, ch('b'), new KeyStroke('b', false, true)); // typed b, then Alt-b: back to the word's start
        assertThat(s.editor().text()).startsWith("rateb = 0.1");
        assertThat(s.editor().col()).isZero();
        s = press(s, key(KeyType.ArrowRight, true, false, true)); // Ctrl-Shift-Right selects the word
        assertThat(s.editor().selectedText()).isEqualTo("rateb");
        s = press(s, ch('r'));
        assertThat(s.editor().text()).startsWith("r = 0.1");
        s = press(s, key(KeyType.End, false, false, true));
        assertThat(s.editor().selectedText()).isEqualTo(" = 0.1");
    }

    @Test
    void aLineCutInOneCellIsPastedInAnother() {
        TuiState s = editing(notebook());
        s = press(s, key(KeyType.ArrowDown), ctrl('x'));
        assertThat(s.editor().text()).isEqualTo("rate = 0.1");
        s = press(s, key(KeyType.Escape), ch('j'));
        s = editing(s);
        s = press(s, ctrl('v'));
        assertThat(s.editor().text()).isEqualTo("price = 20\ntotal = price");
        assertThat(press(editing(notebook()), ctrl('v')).message()).contains("nothing to paste");
    }

    @Test
    void ctrlFFindsAsOneTypesAndEnterGoesToTheNext() {
        TuiState s = editing(notebook());
        s = press(s, ctrl('f'), ch('r'), ch('i'));
        assertThat(s.editor().finding()).isTrue();
        assertThat(s.editor().selection()).as("first 'ri' is in price").isNotNull();
        assertThat(s.editor().row()).isEqualTo(1);
        s = press(s, key(KeyType.Backspace), key(KeyType.Enter));
        assertThat(s.editor().find()).isEqualTo("r");
        s = press(s, key(KeyType.Escape));
        assertThat(s.mode()).as("Esc ends the search, not the edit").isEqualTo(Mode.EDIT);
        assertThat(s.editor().finding()).isFalse();
        assertThat(s.editor().text()).as("searching typed nothing into the cell").isEqualTo("rate = 0.1\nprice = 20");
        assertThat(press(s, ctrl('f'), ch('z')).message()).isEqualTo("not found: z");
    }

    @Test
    void undoGoesOnAcrossASaveOfTheSameCell() {
        TuiState s = editing(notebook());
        s = press(s, key(KeyType.End), ch('5'));
        Step saved = Keymap.dispatch(s, ctrl('o'), 10);
        Effect.Request update = saved.requests().getFirst();
        assertThat(update.method()).isEqualTo(Methods.CELL_UPDATE);
        assertThat(((UpdateCellParams) update.params()).code()).isEqualTo("rate = 0.15\nprice = 20");
        CellInfo after = new CellInfo("aa1111", dev.cellar.protocol.model.CellKind.PYTHON, "rate = 0.15\nprice = 20", 2,
                CellStatus.OK, List.of(), List.of(), List.of(), null, null, "user:alice", List.of());
        TuiState back = update.onOk().apply(saved.state(), Json.MAPPER.valueToTree(new CellResult(after, 2))).state();
        back = Reducer.snapshot(back, new NotebookSnapshot("nb1", "/nb.py", 2, 3, List.of(after,
                cell("bb2222", "total = price", CellStatus.OK))));
        assertThat(back.mode()).isEqualTo(Mode.NAVIGATE);
        TuiState again = press(editing(back), ctrl('z'));
        assertThat(again.editor().text()).isEqualTo("rate = 0.1\nprice = 20");
        assertThat(again.editor().baseVersion()).as("a save after undo still checks the version it saw").isEqualTo(2);
    }

    @Test
    void theHelpListsTheEditorsNewKeys() {
        String help = String.join("\n", Keymap.helpLines());
        assertThat(help).contains("Ctrl-F", "Ctrl-X/C/V", "Shift-Left/Right", "Shift-Home/End", "Ctrl-Left/Right",
                "Alt-Left/Right/b/f", "Ctrl-A");
    }
}
