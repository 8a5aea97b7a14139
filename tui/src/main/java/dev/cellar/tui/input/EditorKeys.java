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

    static boolean finding(TuiState s) {
        return s.editor().finding();
    }

    static Step find(TuiState s, KeyStroke k, int page) {
        return edited(s, s.editor().startFind());
    }

    static Step findNext(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor().findNext();
        return e.found() ? edited(s, e) : Step.of(s.withEditor(e).withMessage("not found: " + e.find()));
    }

    static Step stopFind(TuiState s, KeyStroke k, int page) {
        return edited(s, s.editor().stopFind());
    }

    static Step findBackspace(TuiState s, KeyStroke k, int page) {
        String q = s.editor().find();
        return searched(s, q.isEmpty() ? q : q.substring(0, q.length() - 1));
    }

    /** Searching as one types: the first match from where the current one starts. */
    private static Step searched(TuiState s, String query) {
        Editor e = s.editor();
        List<Editor.Pos> sel = e.selection();
        Editor from = sel == null ? e : e.moveTo(sel.get(0).row(), sel.get(0).col());
        return findNext(s.withEditor(from.withFind(query)), null, 0);
    }

    /** Ctrl-X cuts, Ctrl-C copies (the selection, or the whole line), Ctrl-V pastes. */
    static Step clipboard(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        if (Keys.isCtrl(k, 'v')) {
            Editor.Clip clip = s.edits().clip();
            return clip == null ? Step.of(s.withMessage("nothing to paste: cut or copy first (Ctrl-X, Ctrl-C)"))
                    : edited(s, e.paste(clip));
        }
        Editor.Clip clip = e.clip();
        TuiState kept = s.withEdits(s.edits().withClip(clip));
        if (Keys.isCtrl(k, 'x')) {
            return Step.of(kept.withEditor(e.cut()));
        }
        long lines = clip.text().lines().count();
        return Step.of(kept.withMessage("copied " + (clip.wholeLine() ? "the line" : lines > 1 ? lines + " lines"
                : clip.text().length() + " characters")));
    }

    static Step selectAll(TuiState s, KeyStroke k, int page) {
        return edited(s, s.editor().selectAll());
    }

    /** Shift with a motion key moves the cursor and keeps the selection's other end; with Ctrl too, by words. */
    static Step select(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        Editor.Pos to = k.isCtrlDown() && (Keys.is(k, KeyType.ArrowLeft) || Keys.is(k, KeyType.ArrowRight))
                ? (Keys.is(k, KeyType.ArrowLeft) ? e.wordLeft() : e.wordRight()) : moved(e, k);
        return edited(s, e.selectTo(to.row(), to.col()));
    }

    static Step word(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        boolean left = Keys.is(k, KeyType.ArrowLeft) || Keys.isAlt(k, 'b');
        Editor.Pos to = left ? e.wordLeft() : e.wordRight();
        return edited(s, e.moveTo(to.row(), to.col()));
    }

    /** Where an arrow, Home or End moves the cursor. */
    private static Editor.Pos moved(Editor e, KeyStroke k) {
        int lineEnd = e.lines().get(e.row()).length();
        return switch (k.getKeyType()) {
            case ArrowLeft -> e.col() > 0 ? new Editor.Pos(e.row(), e.col() - 1)
                    : e.row() > 0 ? new Editor.Pos(e.row() - 1, e.lines().get(e.row() - 1).length()) : e.cursor();
            case ArrowRight -> e.col() < lineEnd ? new Editor.Pos(e.row(), e.col() + 1)
                    : e.row() + 1 < e.lines().size() ? new Editor.Pos(e.row() + 1, 0) : e.cursor();
            case ArrowUp -> new Editor.Pos(e.row() - 1, e.col());
            case ArrowDown -> new Editor.Pos(e.row() + 1, e.col());
            case Home -> new Editor.Pos(e.row(), 0);
            case End -> new Editor.Pos(e.row(), lineEnd);
            default -> e.cursor();
        };
    }

    /** An arrow, Home or End: the cursor moves there and the selection ends. */
    static Step move(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        Editor.Pos to = moved(e, k);
        return edited(s, e.moveTo(to.row(), to.col()));
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
        if (ch == null) {
            return Step.of(s);
        }
        return s.editor().finding() ? searched(s, s.editor().find() + ch) : edited(s, s.editor().insert(String.valueOf(ch)));
    }

    private static Step edited(TuiState s, Editor e) {
        return Step.of(s.withEditor(e));
    }

    /** Saves with the version the edit started from: an edit nobody has seen is never overwritten. */
    static Step save(TuiState s, boolean thenRun) {
        Editor e = s.editor();
        String notebookId = s.notebookId();
        // a first line %%sql [name <<], %%md or %%python changes the cell's kind (and SQL result name) as it saves
        CellMagic magic = CellMagic.parse(e.text());
        UpdateCellParams params = magic == null ? new UpdateCellParams(notebookId, e.cellId(), e.text(), e.baseVersion())
                : new UpdateCellParams(notebookId, e.cellId(), magic.code(), e.baseVersion(), magic.kind(), magic.out());
        return Step.of(s.withMessage("saving…"), new Effect.Request(Methods.CELL_UPDATE, params, (st, r) -> {
            CellResult saved = Json.convert(r, CellResult.class);
            // undo goes on when the cell is edited again and still holds what this edit saved
            Step done = Step.of(st.to(Screen.CELLS).withEdits(st.edits().withSaved(e.rebased(saved.cell().version())))
                    .withMessage("saved " + saved.cell().id()));
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
