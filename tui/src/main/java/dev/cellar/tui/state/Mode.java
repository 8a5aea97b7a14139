package dev.cellar.tui.state;

/**
 * The name of a {@link Screen}, as the keymap and the key table know it. {@code TURNS}:
 * choosing a turn of the assistant or an agent in the chat pane; {@code REWIND}: the
 * preview of undoing it, waiting for y, f or n.
 */
public enum Mode {
    NAVIGATE("cells"), KIND_MENU("kind menu"), CONFIRM_DELETE("delete?"), CONFIRM_RESTART("restart?"),
    PICK_PYTHON("python picker"),
    CONFIRM_TRUST("confirm held"), EDIT("editor"), PAGER("pager"), SEARCH("pager search"),
    PICTURE("picture"), TABLE("table viewer"), TABLE_SEARCH("table search"), CHAT("chat"),
    TURNS("turn list"), REWIND("rewind preview"), HELP("help");

    private final String title;

    Mode(String title) {
        this.title = title;
    }

    /** How the help and the README's key table name it. */
    public String title() {
        return title;
    }
}
