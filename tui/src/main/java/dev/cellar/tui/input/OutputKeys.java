package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.view.Renderer;
import java.util.List;

/**
 * The keys on a cell's output, in the cells view. Tab moves the selection from the cell's code
 * to its output and back; with the output selected Enter opens it whole in the pager (on the
 * code Enter still edits), Esc goes back to the code; {@code o} opens the pager from either.
 * Pure: no requests.
 */
public final class OutputKeys {
    private OutputKeys() {
    }

    /** The state after {@code k}, or null when the key is not about outputs (the caller's other keys decide). */
    public static TuiState apply(TuiState s, KeyStroke k) {
        CellInfo cell = s.selectedCell();
        if (cell == null) {
            return null;
        }
        if (Keys.is(k, KeyType.Tab)) {
            if (s.outputSelected()) {
                return s.withOutputSelected(false);
            }
            return hasOutput(cell) ? s.withOutputSelected(true) : s.withMessage("cell " + cell.id() + " has no output");
        }
        if (Keys.isChar(k, 'o') || (Keys.is(k, KeyType.Enter) && s.outputSelected())) {
            return openPager(s, cell);
        }
        if (Keys.is(k, KeyType.Escape) && s.outputSelected()) {
            return s.withOutputSelected(false);
        }
        return null;
    }

    private static TuiState openPager(TuiState s, CellInfo cell) {
        List<String> lines = Renderer.wholeOutput(cell);
        return lines.isEmpty() ? s.withMessage("cell " + cell.id() + " has no output")
                : s.withPager(Pager.of("output of cell " + cell.id(), lines));
    }

    private static boolean hasOutput(CellInfo c) {
        return !c.outputs().isEmpty() || c.error() != null;
    }
}
