package dev.cellar.tui.input;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tab selects a cell's output; Enter there opens the pager, on the code it is left to edit. */
class OutputKeysTest {
    private static final KeyStroke TAB = new KeyStroke(KeyType.Tab);
    private static final KeyStroke ENTER = new KeyStroke(KeyType.Enter);
    private static final KeyStroke ESC = new KeyStroke(KeyType.Escape);

    /** The state after key {@code k}, as the keymap dispatches it. */
    private static TuiState key(TuiState s, KeyStroke k) {
        return Keymap.dispatch(s, k, 10).state();
    }

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(
                cell("aa1111", "print('hi')", CellStatus.OK, new Output.Stream("stdout", "hi\nthere\n")),
                cell("bb2222", "x = 1", CellStatus.OK))));
    }

    @Test
    void enterOnTheCodeIsNotAnOutputKeySoItStillEdits() {
        assertThat(key(notebook(), ENTER).mode()).isEqualTo(Mode.EDIT);
        assertThat(key(notebook(), new KeyStroke('e', false, false)).mode()).isEqualTo(Mode.EDIT);
    }

    @Test
    void tabSelectsTheOutputAndEnterOpensItWholeInThePager() {
        TuiState s = key(notebook(), TAB);
        assertThat(s.outputSelected()).isTrue();
        TuiState paged = key(s, ENTER);
        assertThat(paged.mode()).isEqualTo(Mode.PAGER);
        assertThat(paged.pager().title()).isEqualTo("output of cell aa1111");
        assertThat(paged.pager().lines()).containsExactly("hi", "there");
        TuiState back = key(paged, new KeyStroke('q', false, false));
        assertThat(back.mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(back.outputSelected()).as("back where the pager was opened from").isTrue();
    }

    @Test
    void tabOrEscGoesBackToTheCodeAndMovingToAnotherCellDoesToo() {
        TuiState on = key(notebook(), TAB);
        assertThat(key(on, TAB).outputSelected()).isFalse();
        assertThat(key(on, ESC).outputSelected()).isFalse();
        assertThat(key(notebook(), ESC)).as("Esc on the code does nothing").isEqualTo(notebook());
        TuiState moved = on.withSelected(1);
        assertThat(moved.outputSelected()).isFalse();
        assertThat(key(moved, ENTER).mode()).as("on the next cell Enter edits again").isEqualTo(Mode.EDIT);
    }

    @Test
    void aCellWithoutOutputSaysSoAndKeepsTheSelectionOnItsCode() {
        TuiState s = key(notebook().withSelected(1), TAB);
        assertThat(s.outputSelected()).isFalse();
        assertThat(s.message()).isEqualTo("cell bb2222 has no output");
        assertThat(key(notebook().withSelected(1), new KeyStroke('o', false, false)).message())
                .isEqualTo("cell bb2222 has no output");
    }
}
