package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.ConfirmParams;
import dev.cellar.protocol.method.DeleteCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.KindChoice;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;

/**
 * The keys of the questions a key asks before it does something that cannot be taken back
 * (delete a cell, restart the kernel, confirm what is held) and of the kind menu: only y,
 * or Enter on the menu, acts; anything else leaves things as they were. Pure.
 */
final class AskKeys {
    private AskKeys() {
    }

    static Step delete(TuiState s, KeyStroke k, int page) {
        CellInfo c = s.selectedCell();
        TuiState back = s.to(Screen.CELLS).withMessage("");
        return c == null ? Step.of(back)
                : Step.of(back, Effect.request(Methods.CELL_DELETE, new DeleteCellParams(s.notebookId(), c.id(), c.version())));
    }

    static Step keep(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS).withMessage(""));
    }

    static Step restart(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS).withMessage("restarting the kernel: every variable is forgotten"),
                Effect.request(Methods.KERNEL_RESTART, new NotebookParams(s.notebookId())));
    }

    static Step keepKernel(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS).withMessage("the kernel keeps running: nothing restarted"));
    }

    static Step confirmTrust(TuiState s, KeyStroke k, int page) {
        String sha = ((Screen.ConfirmTrust) s.screen()).sha256();
        return Step.of(s.to(Screen.CELLS).withMessage("confirming: the kernel restarts on what was held"),
                Effect.request(Methods.NOTEBOOK_CONFIRM, new ConfirmParams(s.notebookId(), null, false, sha),
                        (st, r) -> st.withMessage(r.path("message").asText(""))));
    }

    static Step keepHeld(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS).withMessage("nothing confirmed"));
    }

    static Step chooseKind(TuiState s, KeyStroke k, int page) {
        KindChoice c = choice(s);
        boolean left = Keys.is(k, KeyType.ArrowLeft) || Keys.isChar(k, 'h');
        return Step.of(s.to(new Screen.KindMenu(c.move(left ? -1 : 1))));
    }

    /** The one change of kind chosen: code and version as they are now, so a change made meanwhile is a conflict. */
    static Step changeKind(TuiState s, KeyStroke k, int page) {
        KindChoice c = choice(s);
        CellKind kind = c.kind();
        CellInfo cell = s.cells().stream().filter(x -> x.id().equals(c.cellId())).findFirst().orElse(null);
        TuiState back = s.to(Screen.CELLS);
        if (cell == null) {
            return Step.of(back.withMessage("cell " + c.cellId() + " is gone"));
        }
        if (kind == cell.kind()) {
            return Step.of(back.withMessage("cell " + cell.id() + " stays " + kind.wireName()));
        }
        return Step.of(back.withMessage(""), Effect.request(Methods.CELL_UPDATE,
                new UpdateCellParams(s.notebookId(), cell.id(), cell.code(), cell.version(), kind, null),
                (st, r) -> st.withMessage("cell " + cell.id() + " is now " + kind.wireName())));
    }

    static Step cancelKind(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS).withMessage("kind unchanged"));
    }

    private static KindChoice choice(TuiState s) {
        return ((Screen.KindMenu) s.screen()).choice();
    }
}
