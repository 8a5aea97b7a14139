package dev.cellar.tui.state;

import dev.cellar.protocol.model.CellInfo;
import java.util.List;
import java.util.Set;

/**
 * Everything the screen shows, immutable. Changed only by {@link Reducer} (events from
 * the daemon) and by the key actions, so a view can be tested by building a state and
 * drawing it.
 */
public record TuiState(
        String path,
        String notebookId,
        long revision,
        List<CellInfo> cells,
        int selected,
        Mode mode,
        Editor editor,
        List<ChatLine> chat,
        String chatInput,
        boolean chatVisible,
        String turnId,
        String approvalCallId,
        Set<String> changedByOthers,
        boolean connected,
        String message,
        int chatScroll,
        String kernel,
        Pager pager,
        String assistantSetup,
        Presence presence,
        Rewind rewind,
        boolean onOutput) {

    public TuiState {
        cells = List.copyOf(cells);
        chat = List.copyOf(chat);
        changedByOthers = Set.copyOf(changedByOthers);
    }

    public static TuiState empty(String path) {
        return new TuiState(path, null, 0, List.of(), 0, Mode.NAVIGATE, null, List.of(), "", true, null, null, Set.of(), false,
                "connecting to the daemon…", 0, null, null, null, Presence.NONE, null, false);
    }

    public CellInfo selectedCell() {
        return cells.isEmpty() ? null : cells.get(Math.max(0, Math.min(selected, cells.size() - 1)));
    }

    public boolean running() {
        return cells.stream().anyMatch(c -> c.status().isPending());
    }

    public TuiState with(Mode m) {
        return new TuiState(path, notebookId, revision, cells, selected, m, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    public TuiState withSelected(int index) {
        int i = cells.isEmpty() ? 0 : Math.max(0, Math.min(index, cells.size() - 1));
        Set<String> seen = cells.isEmpty() ? changedByOthers : minus(changedByOthers, cells.get(i).id());
        return new TuiState(path, notebookId, revision, cells, i, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, seen, connected, message, chatScroll, kernel, pager, assistantSetup, presence, rewind, false);
    }

    /**
     * The selection on the selected cell's output (Tab) rather than its code: there Enter opens
     * the output in the pager instead of editing. Moving to another cell puts it back on the code.
     */
    public TuiState withOutputSelected(boolean on) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, assistantSetup, presence, rewind, on);
    }

    /** True when the selection is on the selected cell's output and that cell has one (it may have lost it since). */
    public boolean outputSelected() {
        CellInfo c = selectedCell();
        return onOutput && c != null && (!c.outputs().isEmpty() || c.error() != null);
    }

    public TuiState withEditor(Editor e) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, e, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    /** The pager over the selected cell's output (null closes it). */
    public TuiState withPager(Pager p) {
        return new TuiState(path, notebookId, revision, cells, selected, p == null ? Mode.NAVIGATE : Mode.PAGER, editor, chat,
                chatInput, chatVisible, turnId, approvalCallId, changedByOthers, connected, message, chatScroll, kernel, p, assistantSetup, presence, rewind, onOutput);
    }

    /** How to configure the assistant when the daemon has none (the chat pane folds to a hint), or null. */
    public TuiState withAssistantSetup(String howTo) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, howTo, presence, rewind, onOutput);
    }

    /** Who is attached to the notebook (the daemon's presence events, this UI's client id). */
    public TuiState withPresence(Presence p) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, assistantSetup, p, rewind, onOutput);
    }

    /** The turn picker and the rewind preview (null: neither is open). */
    public TuiState withRewind(Rewind r) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, assistantSetup, presence, r, onOutput);
    }

    public TuiState withChatInput(String text) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, text, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    public TuiState withChatVisible(boolean visible) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, visible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    /** Scrolls the chat back by {@code lines} (0 shows the newest). */
    public TuiState withChatScroll(int lines) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, Math.max(0, lines), kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    public TuiState withMessage(String text) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, text, chatScroll, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    public TuiState withConnection(boolean up, String text) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, up, text, chatScroll, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    /** New cells (an event): the selection stays in range; marks are as given, even on the selected cell. */
    TuiState withCells(List<CellInfo> next, long rev, Set<String> changed) {
        int i = next.isEmpty() ? 0 : Math.max(0, Math.min(selected, next.size() - 1));
        return new TuiState(path, notebookId, rev, next, i, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changed, connected, message, chatScroll, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    TuiState withChat(List<ChatLine> lines, String turn, String approval) {
        return new TuiState(path, notebookId, revision, cells, selected, mode, editor, lines, chatInput, chatVisible, turn,
                approval, changedByOthers, connected, message, 0, kernel, pager, assistantSetup, presence, rewind, onOutput);
    }

    /** {@code kernelName}: the Python the notebook runs on, for the status bar. */
    TuiState withNotebook(String id, long rev, List<CellInfo> next, String kernelName) {
        return new TuiState(path, id, rev, next, selected, mode, editor, chat, chatInput, chatVisible, turnId,
                approvalCallId, changedByOthers, connected, message, chatScroll, kernelName, pager, assistantSetup, presence, rewind, onOutput).withSelected(selected);
    }

    private static Set<String> minus(Set<String> set, String id) {
        if (!set.contains(id)) {
            return set;
        }
        java.util.HashSet<String> next = new java.util.HashSet<>(set);
        next.remove(id);
        return next;
    }
}
