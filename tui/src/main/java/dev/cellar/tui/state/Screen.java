package dev.cellar.tui.state;

/**
 * What fills the screen and takes the keys, with only the state that screen needs: the
 * editor's text lives in {@link Editing} and nowhere else, so no other screen can see a
 * stale one. The notebook, the chat pane and the message line are common to all
 * ({@link TuiState}).
 */
public sealed interface Screen {
    /** The name of this screen in the keymap (the README's key table, the {@code ?} help). */
    default Mode mode() {
        return switch (this) {
            case Cells c -> Mode.NAVIGATE;
            case Editing e -> Mode.EDIT;
            case Paging p -> p.pager().typing() ? Mode.SEARCH : Mode.PAGER;
            case Picture p -> Mode.PICTURE;
            case Table t -> t.viewer().typing() ? Mode.TABLE_SEARCH : Mode.TABLE;
            case Chatting c -> Mode.CHAT;
            case Help h -> Mode.HELP;
            case ConfirmDelete d -> Mode.CONFIRM_DELETE;
            case ConfirmRestart r -> Mode.CONFIRM_RESTART;
            case ConfirmTrust t -> Mode.CONFIRM_TRUST;
            case KindMenu k -> Mode.KIND_MENU;
            case PickPython p -> Mode.PICK_PYTHON;
            case Turns t -> Mode.TURNS;
            case Rewinding r -> Mode.REWIND;
        };
    }

    Cells CELLS = new Cells(false);
    Help HELP = new Help(0);
    Chatting CHAT = new Chatting();
    ConfirmDelete CONFIRM_DELETE = new ConfirmDelete();
    ConfirmRestart CONFIRM_RESTART = new ConfirmRestart();

    /** The cells; {@code onOutput}: the selection is on the selected cell's output (Tab), not its code. */
    record Cells(boolean onOutput) implements Screen {
    }

    record Editing(Editor editor) implements Screen {
    }

    /** The pager over an output; {@code fromOutput}: it was opened with the output selected, and goes back there. */
    record Paging(Pager pager, boolean fromOutput) implements Screen {
    }

    /**
     * One picture of the selected cell over the whole screen, as large as the terminal allows;
     * {@code index}: which of the cell's pictures; {@code fromOutput}: opened with the output
     * selected, and goes back there.
     */
    record Picture(int index, boolean fromOutput) implements Screen {
    }

    /** The table viewer over a cell's table output; {@code fromOutput} as for the pager. */
    record Table(TableViewer viewer, boolean fromOutput) implements Screen {
    }

    /** The keys go to the chat pane's input. */
    record Chatting() implements Screen {
    }

    /** The key list; {@code top}: the first line shown (it scrolls when the terminal is short). */
    record Help(int top) implements Screen {
    }

    /** Delete the selected cell? y/n. */
    record ConfirmDelete() implements Screen {
    }

    /** Restart the kernel (every variable is lost)? y/n. */
    record ConfirmRestart() implements Screen {
    }

    /** What the trust records hold back, asked with {@code A}; {@code sha256}: the interpreter shown, confirmed only if still that. */
    record ConfirmTrust(String sha256) implements Screen {
    }

    /** Choosing a cell's kind ({@code t}): nothing changes until Enter. */
    record KindMenu(KindChoice choice) implements Screen {
    }

    /** Choosing the Python ({@code P}): nothing changes until Enter. */
    record PickPython(PythonChoice choice) implements Screen {
    }

    /** Choosing a turn to undo, in the chat pane. */
    record Turns(Rewind rewind) implements Screen {
    }

    /** The preview of undoing a turn, waiting for y, f or n. */
    record Rewinding(Rewind rewind) implements Screen {
    }
}
