package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.view.Renderer;
import java.util.List;

/**
 * The keys on a cell's output, in the cells view. Tab moves the selection from the cell's code
 * to its output and back; with the output selected Enter opens it whole in the pager (on the
 * code Enter still edits), Esc goes back to the code; {@code o} opens the pager from either.
 * Pure: no requests.
 */
final class OutputKeys {
    private OutputKeys() {
    }

    static Step selectOrOpen(TuiState s, KeyStroke k, int page) {
        CellInfo cell = s.selectedCell();
        if (!Keys.is(k, KeyType.Tab)) {
            return openPager(s, k, page);
        }
        return Step.of(hasOutput(cell) ? s.withOutputSelected(true) : noOutput(s, cell));
    }

    static Step back(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withOutputSelected(false));
    }

    static Step openPager(TuiState s, KeyStroke k, int page) {
        CellInfo cell = s.selectedCell();
        if (cell != null && cell.error() == null && !cell.outputs().isEmpty()
                && cell.outputs().getLast() instanceof dev.cellar.protocol.model.Output.Table) {
            return TableKeys.open(s, k, page); // a table's whole is its rows: the viewer pages them, the pager cannot
        }
        if (!PictureKeys.pictures(cell).isEmpty()) {
            return PictureKeys.open(s); // a plot is looked at, large; o there shows the text
        }
        List<String> lines = Renderer.wholeOutput(cell);
        return Step.of(lines.isEmpty() ? noOutput(s, cell) : s.withPager(Pager.of("output of cell " + cell.id(), lines)));
    }

    private static TuiState noOutput(TuiState s, CellInfo cell) {
        return s.withMessage("cell " + cell.id() + " has no output");
    }

    private static boolean hasOutput(CellInfo c) {
        return !c.outputs().isEmpty() || c.error() != null;
    }
}
