package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;

/**
 * {@code E}: the selected cell in the person's own editor, from the cells or from a view of its
 * output (the pager, a picture, the table viewer: those close first, back to the cells on the
 * cell's code, because the output they showed is of the code about to change); Ctrl-E in the UI's
 * editor: its unsaved buffer. The loop runs the editor ({@link Effect.EditOutside}); what it leaves
 * comes back here. A cell's code is saved as any edit is: with the version the cell had when the
 * editor opened, so a change made meanwhile (by the assistant, an agent, the file) is the editor's
 * conflict (keep mine, take theirs, both), never overwritten unseen. A buffer goes back into the
 * buffer, unsaved, as one step Ctrl-Z undoes. Pure.
 */
public final class OutsideEdit {
    private OutsideEdit() {
    }

    static Step open(TuiState s, KeyStroke k, int page) {
        CellInfo c = s.selectedCell();
        return Step.of(s.withMessage("editing " + c.id() + " in " + editorName() + "…"),
                new Effect.EditOutside(c.id(), c.version(), c.code(), fileName(c.id(), c.kind())));
    }

    /** From a view of the cell's output (pager, picture, table viewer): back to the cells on that cell's code, then E. */
    static Step openFromView(TuiState s, KeyStroke k, int page) {
        String id = s.table() != null ? s.table().cellId() : s.selectedCell().id();
        int at = CellKeys.indexOf(s, id);
        if (at < 0) {
            return Step.of(s.to(Screen.CELLS).withMessage("cell " + id + " is gone"));
        }
        return open(s.to(Screen.CELLS).withSelected(at), k, page);
    }

    /** Ctrl-E in the UI's editor: its buffer as it is, saved or not, in the person's editor; it comes back unsaved. */
    static Step openBuffer(TuiState s, KeyStroke k, int page) {
        Editor e = s.editor();
        int at = CellKeys.indexOf(s, e.cellId());
        CellKind kind = at < 0 ? CellKind.PYTHON : s.cells().get(at).kind();
        return Step.of(s.withMessage("editing the buffer in " + editorName() + "…"),
                new Effect.EditOutside(e.cellId(), e.baseVersion(), e.text(), fileName(e.cellId(), kind), true));
    }

    /** The temporary file's name: the extension tells the editor the language. */
    private static String fileName(String cellId, CellKind kind) {
        String ext = switch (kind) {
            case PYTHON -> ".py";
            case SQL -> ".sql";
            case MARKDOWN -> ".md";
            default -> ".txt";
        };
        return "cell-" + cellId + ext;
    }

    /** The editor {@code E} runs: {@code $VISUAL}, else {@code $EDITOR}, else {@code vi} (as git and crontab choose). */
    public static String editorCommand() {
        for (String name : new String[] {"VISUAL", "EDITOR"}) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "vi";
    }

    private static String editorName() {
        String cmd = editorCommand();
        int space = cmd.indexOf(' ');
        String program = space < 0 ? cmd : cmd.substring(0, space);
        return program.substring(program.lastIndexOf('/') + 1);
    }

    /**
     * The editor is done: {@code text} is what it left in the file (null when {@code failure}
     * says why there is nothing). An unchanged text changes nothing; a changed one is saved from
     * the editor's screen, so a conflict is shown and decided there, or (a buffer) put back into it.
     */
    public static Step returned(TuiState s, Effect.EditOutside e, String text, String failure) {
        if (failure != null) {
            return Step.of(s.withMessage(failure + (e.intoBuffer() ? ": the buffer is as it was" : ": nothing saved")));
        }
        // editors end the file with a line break the cell did not have
        String after = !e.code().endsWith("\n") && text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (after.equals(e.code())) {
            return Step.of(s.withMessage("no change to " + e.cellId() + " in the editor"));
        }
        if (e.intoBuffer()) {
            return intoBuffer(s, e, after);
        }
        int at = CellKeys.indexOf(s, e.cellId());
        TuiState on = at < 0 ? s : s.withSelected(at);
        Editor edited = Editor.of(e.cellId(), e.version(), e.code()).replaced(after, e.version());
        return EditorKeys.save(on.withEditor(edited), false);
    }

    /**
     * The outside editor's text replaces the buffer, unsaved: the version it started from stays (a
     * save still meets a change made meanwhile as a conflict), so does a conflict shown now, and the
     * cursor stays where it was. Should the UI's editor have closed meanwhile (it cannot, while the
     * UI waits, but a reconnect could), the text opens in it again: typed work is never dropped.
     */
    private static Step intoBuffer(TuiState s, Effect.EditOutside e, String text) {
        Editor now = s.editor();
        if (now == null || !now.cellId().equals(e.cellId())) {
            int at = CellKeys.indexOf(s, e.cellId());
            TuiState on = at < 0 ? s : s.withSelected(at);
            return Step.of(on.withEditor(Editor.of(e.cellId(), e.version(), e.code()).replaced(text, e.version()))
                    .withMessage("back from the editor, not saved yet: Ctrl-O saves"));
        }
        Editor back = now.replaced(text, now.baseVersion()).moveTo(now.row(), now.col());
        if (now.inConflict()) {
            back = back.withTheirs(now.theirs(), now.theirActor());
        }
        return Step.of(s.withEditor(back).withMessage("back from the editor, not saved yet: Ctrl-O saves"));
    }
}
