package dev.cellar.tui.state;

import dev.cellar.protocol.model.CellInfo;
import java.util.List;
import java.util.Set;

/**
 * Everything the screen shows, immutable: the notebook and the selection, the chat pane,
 * the screen that takes the keys (with that screen's own state), the connection, the
 * message line, who else is here, and what the editor keeps between edits (clipboard, undo). Changed only by {@link Reducer} (events from the
 * daemon) and by the keymap's actions, so a view can be tested by building a state and
 * drawing it.
 */
public record TuiState(NotebookView book, ChatPane pane, Screen screen, boolean connected, String message,
                       String assistantSetup, Presence presence, EditMemory edits) {

    public static TuiState empty(String path) {
        return new TuiState(NotebookView.empty(path), ChatPane.EMPTY, Screen.CELLS, false, "connecting to the daemon…", null,
                Presence.NONE, EditMemory.NONE);
    }

    // ---- reading: the common state, then the screen's

    public String path() {
        return book.path();
    }

    public String notebookId() {
        return book.notebookId();
    }

    public long revision() {
        return book.revision();
    }

    public List<CellInfo> cells() {
        return book.cells();
    }

    public int selected() {
        return book.selected();
    }

    public Set<String> changedByOthers() {
        return book.changedByOthers();
    }

    /** The Python the notebook runs on and what it may do, for the status bar, in full (null before the first snapshot). */
    public String kernel() {
        return KernelText.statusLine(book.kernel());
    }

    /** The kernel as the daemon described it last (null before the first snapshot). */
    public dev.cellar.protocol.model.KernelInfo kernelInfo() {
        return book.kernel();
    }

    public List<ChatLine> chat() {
        return pane.lines();
    }

    public String chatInput() {
        return pane.input();
    }

    public boolean chatVisible() {
        return pane.visible();
    }

    public String turnId() {
        return pane.turnId();
    }

    public String approvalCallId() {
        return pane.approvalCallId();
    }

    public int chatScroll() {
        return pane.scroll();
    }

    public Mode mode() {
        return screen.mode();
    }

    /** The editor, when the editor is the screen; else null. */
    public Editor editor() {
        return screen instanceof Screen.Editing e ? e.editor() : null;
    }

    /** The pager, when the pager is the screen; else null. */
    public Pager pager() {
        return screen instanceof Screen.Paging p ? p.pager() : null;
    }

    /** The table viewer, when it is the screen; else null. */
    public TableViewer table() {
        return screen instanceof Screen.Table t ? t.viewer() : null;
    }

    /** The turn list or the rewind preview, when one is the screen; else null. */
    public Rewind rewind() {
        return switch (screen) {
            case Screen.Turns t -> t.rewind();
            case Screen.Rewinding r -> r.rewind();
            default -> null;
        };
    }

    public CellInfo selectedCell() {
        List<CellInfo> cells = cells();
        return cells.isEmpty() ? null : cells.get(Math.max(0, Math.min(selected(), cells.size() - 1)));
    }

    public boolean running() {
        return cells().stream().anyMatch(c -> c.status().isPending());
    }

    /** True when the selection is on the selected cell's output and that cell has one (it may have lost it since). */
    public boolean outputSelected() {
        CellInfo c = selectedCell();
        return screen instanceof Screen.Cells cells && cells.onOutput() && c != null
                && (!c.outputs().isEmpty() || c.error() != null);
    }

    // ---- changing: the screen

    public TuiState to(Screen next) {
        return new TuiState(book, pane, next, connected, message, assistantSetup, presence, edits);
    }

    /**
     * The selection on the selected cell's output (Tab) rather than its code: there Enter opens
     * the output in the pager instead of editing. Moving to another cell puts it back on the code.
     */
    public TuiState withOutputSelected(boolean on) {
        return to(new Screen.Cells(on));
    }

    /** The editor on a cell (null: back to the cells). */
    public TuiState withEditor(Editor e) {
        return to(e == null ? Screen.CELLS : new Screen.Editing(e));
    }

    /** The editor on this cell's code, continuing the undo history of its last edit here when that is what it holds. */
    public TuiState editing(CellInfo cell) {
        return withEditor(edits.reopen(Editor.of(cell.id(), cell.version(), cell.code())));
    }

    /** What the editor keeps between edits, changed (a cut's clipboard, a saved edit's undo). */
    public TuiState withEdits(EditMemory memory) {
        return new TuiState(book, pane, screen, connected, message, assistantSetup, presence, memory);
    }

    /** The pager over the selected cell's output (null closes it, back to where it was opened). */
    public TuiState withPager(Pager p) {
        boolean fromOutput = screen instanceof Screen.Paging paging ? paging.fromOutput() : outputSelected();
        return to(p == null ? new Screen.Cells(fromOutput) : new Screen.Paging(p, fromOutput));
    }

    /** The table viewer (null closes it, back to where it was opened). */
    public TuiState withTable(TableViewer v) {
        boolean fromOutput = screen instanceof Screen.Table t ? t.fromOutput() : outputSelected();
        return to(v == null ? new Screen.Cells(fromOutput) : new Screen.Table(v, fromOutput));
    }

    /** The table viewer shown now, changed (ignored when another screen took its place meanwhile). */
    public TuiState withTableIfShown(java.util.function.UnaryOperator<TableViewer> change) {
        return screen instanceof Screen.Table t ? to(new Screen.Table(change.apply(t.viewer()), t.fromOutput())) : this;
    }

    /** The turn list or rewind preview shown now, changed (ignored on any other screen). */
    public TuiState withRewind(Rewind r) {
        return switch (screen) {
            case Screen.Turns t -> to(new Screen.Turns(r));
            case Screen.Rewinding w -> to(new Screen.Rewinding(r));
            default -> this;
        };
    }

    // ---- changing: the common state

    public TuiState withSelected(int index) {
        Screen next = screen instanceof Screen.Cells c && c.onOutput() ? Screen.CELLS : screen;
        return new TuiState(book.select(index), pane, next, connected, message, assistantSetup, presence, edits);
    }

    /** How to configure the assistant when the daemon has none (the chat pane folds to a hint), or null. */
    public TuiState withAssistantSetup(String howTo) {
        return new TuiState(book, pane, screen, connected, message, howTo, presence, edits);
    }

    /** Who is attached to the notebook (the daemon's presence events, this UI's client id). */
    public TuiState withPresence(Presence p) {
        return new TuiState(book, pane, screen, connected, message, assistantSetup, p, edits);
    }

    public TuiState withChatInput(String text) {
        return new TuiState(book, pane.withInput(text), screen, connected, message, assistantSetup, presence, edits);
    }

    public TuiState withChatVisible(boolean visible) {
        return new TuiState(book, pane.withVisible(visible), screen, connected, message, assistantSetup, presence, edits);
    }

    /** Scrolls the chat back by {@code lines} (0 shows the newest). */
    public TuiState withChatScroll(int lines) {
        return new TuiState(book, pane.withScroll(lines), screen, connected, message, assistantSetup, presence, edits);
    }

    public TuiState withMessage(String text) {
        return new TuiState(book, pane, screen, connected, text, assistantSetup, presence, edits);
    }

    public TuiState withConnection(boolean up, String text) {
        return new TuiState(book, pane, screen, up, text, assistantSetup, presence, edits);
    }

    /** New cells (an event): the selection stays in range; marks are as given, even on the selected cell. */
    TuiState withCells(List<CellInfo> next, long rev, Set<String> changed) {
        return new TuiState(book.withCells(next, rev, changed), pane, screen, connected, message, assistantSetup, presence, edits);
    }

    TuiState withChat(List<ChatLine> lines, String turn, String approval) {
        return new TuiState(book, pane.withLines(lines, turn, approval), screen, connected, message, assistantSetup,
                presence, edits);
    }

    /** {@code kernel}: the Python the notebook runs on and what it may do (the status bar, the help). */
    TuiState withNotebook(String id, long rev, List<CellInfo> next, dev.cellar.protocol.model.KernelInfo kernel) {
        return new TuiState(book.withNotebook(id, rev, next, kernel), pane, screen, connected, message, assistantSetup,
                presence, edits).withSelected(selected());
    }
}
