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

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(
                cell("aa1111", "print('hi')", CellStatus.OK, new Output.Stream("stdout", "hi\nthere\n")),
                cell("bb2222", "x = 1", CellStatus.OK))));
    }

    @Test
    void enterOnTheCodeIsNotAnOutputKeySoItStillEdits() {
        assertThat(OutputKeys.apply(notebook(), ENTER)).isNull();
        assertThat(OutputKeys.apply(notebook(), new KeyStroke('e', false, false))).isNull();
    }

    @Test
    void tabSelectsTheOutputAndEnterOpensItWholeInThePager() {
        TuiState s = OutputKeys.apply(notebook(), TAB);
        assertThat(s.outputSelected()).isTrue();
        TuiState paged = OutputKeys.apply(s, ENTER);
        assertThat(paged.mode()).isEqualTo(Mode.PAGER);
        assertThat(paged.pager().title()).isEqualTo("output of cell aa1111");
        assertThat(paged.pager().lines()).containsExactly("hi", "there");
        TuiState back = PagerKeys.apply(paged, new KeyStroke('q', false, false), 10);
        assertThat(back.mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(back.outputSelected()).as("back where the pager was opened from").isTrue();
    }

    @Test
    void tabOrEscGoesBackToTheCodeAndMovingToAnotherCellDoesToo() {
        TuiState on = OutputKeys.apply(notebook(), TAB);
        assertThat(OutputKeys.apply(on, TAB).outputSelected()).isFalse();
        assertThat(OutputKeys.apply(on, ESC).outputSelected()).isFalse();
        assertThat(OutputKeys.apply(notebook(), ESC)).as("Esc on the code is someone else's key").isNull();
        TuiState moved = on.withSelected(1);
        assertThat(moved.outputSelected()).isFalse();
        assertThat(OutputKeys.apply(moved, ENTER)).as("on the next cell Enter edits again").isNull();
    }

    @Test
    void aCellWithoutOutputSaysSoAndKeepsTheSelectionOnItsCode() {
        TuiState s = OutputKeys.apply(notebook().withSelected(1), TAB);
        assertThat(s.outputSelected()).isFalse();
        assertThat(s.message()).isEqualTo("cell bb2222 has no output");
        assertThat(OutputKeys.apply(notebook().withSelected(1), new KeyStroke('o', false, false)).message())
                .isEqualTo("cell bb2222 has no output");
    }
}
