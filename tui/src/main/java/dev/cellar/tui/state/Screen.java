package dev.cellar.tui.state;

/**
 * What fills the screen and takes the keys, with only the state that screen needs: the
 * editor's text lives in {@link Editing} and nowhere else, so no other screen can see a
 * stale one. The notebook, the chat pane and the message line are common to all
 * ({@link TuiState}).
 */
public sealed interface Screen {
    /** The name of this screen in the keymap (the README's key table, the {@code ?} help). */
    Mode mode();

    Cells CELLS = new Cells(false);
    Help HELP = new Help(0);
    Chatting CHAT = new Chatting();
    ConfirmDelete CONFIRM_DELETE = new ConfirmDelete();
    ConfirmRestart CONFIRM_RESTART = new ConfirmRestart();

    /** The cells; {@code onOutput}: the selection is on the selected cell's output (Tab), not its code. */
    record Cells(boolean onOutput) implements Screen {
        public Mode mode() {
            return Mode.NAVIGATE;
        }
    }

    record Editing(Editor editor) implements Screen {
        public Mode mode() {
            return Mode.EDIT;
        }
    }

    /** The pager over an output; {@code fromOutput}: it was opened with the output selected, and goes back there. */
    record Paging(Pager pager, boolean fromOutput) implements Screen {
        public Mode mode() {
            return pager.typing() ? Mode.SEARCH : Mode.PAGER;
        }
    }

    /** The keys go to the chat pane's input. */
    record Chatting() implements Screen {
        public Mode mode() {
            return Mode.CHAT;
        }
    }

    /** The key list; {@code top}: the first line shown (it scrolls when the terminal is short). */
    record Help(int top) implements Screen {
        public Mode mode() {
            return Mode.HELP;
        }
    }

    /** Delete the selected cell? y/n. */
    record ConfirmDelete() implements Screen {
        public Mode mode() {
            return Mode.CONFIRM_DELETE;
        }
    }

    /** Restart the kernel (every variable is lost)? y/n. */
    record ConfirmRestart() implements Screen {
        public Mode mode() {
            return Mode.CONFIRM_RESTART;
        }
    }

    /** What the trust records hold back, asked with {@code A}; {@code sha256}: the interpreter shown, confirmed only if still that. */
    record ConfirmTrust(String sha256) implements Screen {
        public Mode mode() {
            return Mode.CONFIRM_TRUST;
        }
    }

    /** Choosing a cell's kind ({@code t}): nothing changes until Enter. */
    record KindMenu(KindChoice choice) implements Screen {
        public Mode mode() {
            return Mode.KIND_MENU;
        }
    }

    /** Choosing a turn to undo, in the chat pane. */
    record Turns(Rewind rewind) implements Screen {
        public Mode mode() {
            return Mode.TURNS;
        }
    }

    /** The preview of undoing a turn, waiting for y, f or n. */
    record Rewinding(Rewind rewind) implements Screen {
        public Mode mode() {
            return Mode.REWIND;
        }
    }
}
