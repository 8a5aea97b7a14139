package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.view.Renderer;
import java.util.List;

/**
 * A cell's pictures over the whole screen: opening the output of a cell that drew one ({@code o},
 * Enter on the output) shows its first picture as large as the terminal allows; {@code n}/{@code p}
 * go through the others, {@code o} shows the output as text in the pager. Pure.
 */
public final class PictureKeys {
    private PictureKeys() {
    }

    /** The cell's pictures (PNG displays), in output order; empty for none or no cell. */
    public static List<Output.Display> pictures(CellInfo c) {
        return c == null ? List.of() : c.outputs().stream().filter(Output.Display.class::isInstance)
                .map(Output.Display.class::cast).filter(d -> d.data().get(Output.Display.PNG) != null).toList();
    }

    static boolean several(TuiState s) {
        return pictures(s.selectedCell()).size() > 1;
    }

    /** The first picture, from the cells (with the output selected or not). */
    static Step open(TuiState s) {
        return Step.of(s.to(new Screen.Picture(0, s.outputSelected())));
    }

    static Step next(TuiState s, KeyStroke k, int page) {
        Screen.Picture p = (Screen.Picture) s.screen();
        int n = pictures(s.selectedCell()).size();
        boolean back = Keys.isChar(k, 'p') || Keys.is(k, KeyType.ArrowLeft) || Keys.is(k, KeyType.ArrowUp)
                || Keys.isChar(k, 'k');
        int to = n == 0 ? 0 : Math.floorMod(p.index() + (back ? -1 : 1), n);
        return Step.of(s.to(new Screen.Picture(to, p.fromOutput())));
    }

    static Step text(TuiState s, KeyStroke k, int page) {
        CellInfo cell = s.selectedCell();
        Screen.Picture p = (Screen.Picture) s.screen();
        TuiState from = s.to(new Screen.Cells(p.fromOutput()));
        return Step.of(from.withPager(Pager.of("output of cell " + cell.id(), Renderer.wholeOutput(cell))));
    }

    static Step close(TuiState s, KeyStroke k, int page) {
        Screen.Picture p = (Screen.Picture) s.screen();
        return Step.of(s.to(new Screen.Cells(p.fromOutput())));
    }
}
