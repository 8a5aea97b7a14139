package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;

/**
 * {@code E}: the selected cell in the person's own editor. The loop runs the editor
 * ({@link Effect.EditOutside}); what it leaves comes back here and is saved as any edit is:
 * with the version the cell had when the editor opened, so a change made meanwhile (by the
 * assistant, an agent, the file) is the editor's conflict (keep mine, take theirs, both),
 * never overwritten unseen. Pure.
 */
public final class OutsideEdit {
    private OutsideEdit() {
    }

    static Step open(TuiState s, KeyStroke k, int page) {
        CellInfo c = s.selectedCell();
        String ext = switch (c.kind()) {
            case PYTHON -> ".py";
            case SQL -> ".sql";
            case MARKDOWN -> ".md";
            default -> ".txt";
        };
        return Step.of(s.withMessage("editing " + c.id() + " in " + editorName() + "…"),
                new Effect.EditOutside(c.id(), c.version(), c.code(), "cell-" + c.id() + ext));
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
     * the editor's screen, so a conflict is shown and decided there.
     */
    public static Step returned(TuiState s, Effect.EditOutside e, String text, String failure) {
        if (failure != null) {
            return Step.of(s.withMessage(failure + ": nothing saved"));
        }
        // editors end the file with a line break the cell did not have
        String after = !e.code().endsWith("\n") && text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (after.equals(e.code())) {
            return Step.of(s.withMessage("no change to " + e.cellId() + " in the editor"));
        }
        int at = CellKeys.indexOf(s, e.cellId());
        TuiState on = at < 0 ? s : s.withSelected(at);
        Editor edited = Editor.of(e.cellId(), e.version(), e.code()).replaced(after, e.version());
        return EditorKeys.save(on.withEditor(edited), false);
    }
}
