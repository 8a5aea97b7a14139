package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.state.CellMagic;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.List;

/** The editor's keys: the {@link Keymap}'s actions for {@code EDIT}. Pure. */
final class EditorKeys {
    private EditorKeys() {
    }

    static boolean inConflict(TuiState s) {
        return s.editor().inConflict();
    }

    static Step keepMine(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withEditor(s.editor().rebased(current(s))).withMessage("keeping yours: Ctrl-O saves it over theirs"));
    }

    static Step takeTheirs(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        return edited(s, e.replaced(e.theirs(), current(s)));
    }

    static Step keepBoth(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        return edited(s, e.replaced(e.text() + "\n# ---- their version (" + e.theirActor() + ") ----\n" + e.theirs(),
                current(s)));
    }

    /** The version of the cell now (the edit's own when the cell is gone). */
    private static long current(TuiState s) {
        Editor e = s.editor();
        CellInfo now = s.cells().stream().filter(c -> c.id().equals(e.cellId())).findFirst().orElse(null);
        return now == null ? e.baseVersion() : now.version();
    }

    // Ctrl-O saves (as in nano): Ctrl-S is XON/XOFF flow control on many terminals
    static Step save(TuiState s, KeyStroke k, int page) {
        return save(s, false);
    }

    static Step saveAndRun(TuiState s, KeyStroke k, int page) {
        return save(s, true);
    }

    static Step undo(TuiState s, KeyStroke k, int page) {
        return edited(s, s.editor().undoLast());
    }

    static Step cancel(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS).withMessage("edit cancelled"));
    }

    static Step arrow(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        return edited(s, switch (k.getKeyType()) {
            case ArrowLeft -> e.col() > 0 ? e.moveTo(e.row(), e.col() - 1)
                    : e.row() > 0 ? e.moveTo(e.row() - 1, Integer.MAX_VALUE) : e;
            case ArrowRight -> e.col() < e.lines().get(e.row()).length() ? e.moveTo(e.row(), e.col() + 1)
                    : e.moveTo(e.row() + 1, 0);
            case ArrowUp -> e.moveTo(e.row() - 1, e.col());
            default -> e.moveTo(e.row() + 1, e.col());
        });
    }

    static Step lineEnds(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        return edited(s, e.moveTo(e.row(), Keys.is(k, KeyType.Home) ? 0 : Integer.MAX_VALUE));
    }

    static Step page(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        return edited(s, e.moveTo(e.row() + (Keys.is(k, KeyType.PageUp) ? -10 : 10), e.col()));
    }

    static Step newLine(TuiState s, KeyStroke k, int page) {
        return edited(s, s.editor().insert("\n"));
    }

    static Step tab(TuiState s, KeyStroke k, int page) {
        return edited(s, s.editor().insert("    "));
    }

    static Step delete(TuiState s, KeyStroke k, int page) {
        return edited(s, Keys.is(k, KeyType.Backspace) ? s.editor().backspace() : s.editor().delete());
    }

    static Step type(TuiState s, KeyStroke k, int page) {
        Character ch = Keys.printable(k);
        return ch == null ? Step.of(s) : edited(s, s.editor().insert(String.valueOf(ch)));
    }

    private static Step edited(TuiState s, Editor e) {
        return Step.of(s.withEditor(e));
    }

    /** Saves with the version the edit started from: an edit nobody has seen is never overwritten. */
    private static Step save(TuiState s, boolean thenRun) {
        Editor e = s.editor();
        String notebookId = s.notebookId();
        // a first line %%sql [name <<], %%md or %%python changes the cell's kind (and SQL result name) as it saves
        CellMagic magic = CellMagic.parse(e.text());
        UpdateCellParams params = magic == null ? new UpdateCellParams(notebookId, e.cellId(), e.text(), e.baseVersion())
                : new UpdateCellParams(notebookId, e.cellId(), magic.code(), e.baseVersion(), magic.kind(), magic.out());
        return Step.of(s.withMessage("saving…"), new Effect.Request(Methods.CELL_UPDATE, params, (st, r) -> {
            CellResult saved = Json.convert(r, CellResult.class);
            Step done = Step.of(st.to(Screen.CELLS).withMessage("saved " + saved.cell().id()));
            return thenRun ? done.and(Effect.request(Methods.CELL_RUN,
                    new RunCellsParams(notebookId, List.of(saved.cell().id()), false))) : done;
        }, (st, err) -> {
            if (err.errorCode() == ErrorCode.CONFLICT && st.editor() != null && err.data() != null) {
                CellInfo theirs = Json.convert(err.data().get("cell"), CellInfo.class);
                return Step.of(st.withEditor(st.editor().withTheirs(theirs.code(), theirs.lastActor())));
            }
            return Step.of(st.withMessage(err.getMessage()));
        }));
    }
}
