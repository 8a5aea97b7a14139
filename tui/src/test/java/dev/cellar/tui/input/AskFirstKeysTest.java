package dev.cellar.tui.input;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys that cannot lose work by accident: {@code X} asks before the kernel forgets every variable; {@code t} is a menu. */
class AskFirstKeysTest {

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/nb.py", 1, 3, List.of(
                cell("aa1111", "x = 1", CellStatus.OK), cell("bb2222", "y = x", CellStatus.OK))));
    }

    private static Step press(TuiState s, char c) {
        return Keymap.dispatch(s, new KeyStroke(c, false, false), 10);
    }

    private static Step press(TuiState s, KeyType type) {
        return Keymap.dispatch(s, new KeyStroke(type), 10);
    }

    private static List<String> methods(Step step) {
        return step.requests().stream().map(Effect.Request::method).toList();
    }

    @Test
    void restartingTheKernelAsksFirstAndOnlyYRestartsIt() {
        Step asked = press(notebook(), 'X');
        assertThat(methods(asked)).as("X alone restarts nothing").isEmpty();
        assertThat(asked.state().mode()).isEqualTo(Mode.CONFIRM_RESTART);

        for (Step no : List.of(press(asked.state(), 'n'), press(asked.state(), KeyType.Escape), press(asked.state(), 'X'))) {
            assertThat(methods(no)).isEmpty();
            assertThat(no.state().mode()).isEqualTo(Mode.NAVIGATE);
        }

        Step yes = press(asked.state(), 'y');
        assertThat(methods(yes)).containsExactly(Methods.KERNEL_RESTART);
        assertThat(yes.state().mode()).isEqualTo(Mode.NAVIGATE);
    }

    @Test
    void theKindKeyOpensAMenuAndChangesTheKindOnceRunningNothing() {
        Step menu = press(notebook(), 't');
        assertThat(methods(menu)).as("t alone changes nothing").isEmpty();
        assertThat(menu.state().mode()).isEqualTo(Mode.KIND_MENU);

        Step moved = press(menu.state(), KeyType.ArrowRight); // it opens on the next kind, sql; then markdown
        assertThat(methods(moved)).isEmpty();
        Step chosen = press(moved.state(), KeyType.Enter);
        assertThat(chosen.requests()).hasSize(1);
        Effect.Request update = chosen.requests().getFirst();
        assertThat(update.method()).isEqualTo(Methods.CELL_UPDATE);
        UpdateCellParams params = (UpdateCellParams) update.params();
        assertThat(params.kind()).isEqualTo(CellKind.MARKDOWN);
        assertThat(params.cellId()).isEqualTo("aa1111");
        assertThat(params.expectedVersion()).as("the version the person saw").isEqualTo(1L);
        assertThat(chosen.state().mode()).isEqualTo(Mode.NAVIGATE);

        Step cancelled = press(menu.state(), KeyType.Escape);
        assertThat(methods(cancelled)).isEmpty();
        assertThat(cancelled.state().mode()).isEqualTo(Mode.NAVIGATE);
        Step same = press(press(menu.state(), 'h').state(), KeyType.Enter); // back to python
        assertThat(methods(same)).as("the kind it already has: nothing to change").isEmpty();
    }
}
