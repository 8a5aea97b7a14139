package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.ConfirmParams;
import dev.cellar.protocol.method.ConfirmResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.MoveCellParams;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.RunAllParams;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.KindChoice;
import dev.cellar.tui.state.RewindFlow;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TrustText;
import dev.cellar.tui.state.TuiState;
import java.util.List;

/** What the keys do on the cells: the {@link Keymap}'s actions for {@code NAVIGATE}. Pure. */
final class CellKeys {
    private CellKeys() {
    }

    static boolean hasCell(TuiState s) {
        return s.selectedCell() != null;
    }

    /** A cell is selected and the selection is on its code, not its output (where Enter and Tab mean other things). */
    static boolean onCode(TuiState s) {
        return hasCell(s) && !s.outputSelected();
    }

    static Step move(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withSelected(s.selected() + Keys.direction(k)));
    }

    static Step ends(TuiState s, KeyStroke k, int page) {
        boolean last = Keys.isChar(k, 'G') || Keys.is(k, KeyType.End);
        return Step.of(s.withSelected(last ? s.cells().size() - 1 : 0));
    }

    static Step page(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withSelected(s.selected() + Keys.direction(k) * 5));
    }

    static Step edit(TuiState s, KeyStroke k, int page) {
        return Step.of(s.editing(s.selectedCell()));
    }

    static Step run(TuiState s, KeyStroke k, int page) {
        return Step.of(s, Effect.request(Methods.CELL_RUN,
                new RunCellsParams(s.notebookId(), List.of(s.selectedCell().id()), false)));
    }

    static Step runAll(TuiState s, KeyStroke k, int page) {
        return Step.of(s, Effect.request(Methods.NOTEBOOK_RUN_ALL, new RunAllParams(s.notebookId(), false)));
    }

    /** a above, b below, s an SQL cell below, M a markdown cell below; the new cell opens in the editor. */
    static Step add(TuiState s, KeyStroke k, int page) {
        CellKind kind = Keys.isChar(k, 's') ? CellKind.SQL : Keys.isChar(k, 'M') ? CellKind.MARKDOWN : CellKind.PYTHON;
        int index = s.cells().isEmpty() ? 0 : s.selected() + (Keys.isChar(k, 'a') ? 0 : 1);
        return Step.of(s, Effect.request(Methods.CELL_CREATE,
                new CreateCellParams(s.notebookId(), kind, "", index, null, null), (st, r) -> {
                    CellInfo created = Json.convert(r.get("cell"), CellInfo.class);
                    int at = indexOf(st, created.id());
                    return st.withSelected(at < 0 ? index : at).withEditor(Editor.of(created.id(), created.version(), ""));
                }));
    }

    static Step kindMenu(TuiState s, KeyStroke k, int page) {
        CellInfo cell = s.selectedCell();
        return Step.of(s.to(new Screen.KindMenu(KindChoice.of(cell.id(), cell.kind()))));
    }

    static Step delete(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CONFIRM_DELETE));
    }

    static Step moveCell(TuiState s, KeyStroke k, int page) {
        int to = s.selected() + (Keys.isChar(k, 'J') ? 1 : -1);
        if (to < 0 || to >= s.cells().size()) {
            return Step.of(s);
        }
        return Step.of(s.withSelected(to), Effect.request(Methods.CELL_MOVE,
                new MoveCellParams(s.notebookId(), s.selectedCell().id(), to)));
    }

    static Step interrupt(TuiState s, KeyStroke k, int page) {
        return Step.of(s, Effect.request(Methods.NOTEBOOK_INTERRUPT, new NotebookParams(s.notebookId())));
    }

    static Step askRestart(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CONFIRM_RESTART));
    }

    static Step chat(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withChatVisible(true).to(Screen.CHAT));
    }

    static Step toggleChat(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withChatVisible(!s.chatVisible()));
    }

    /** The turn list opens at once; the daemon's list of turns fills it. */
    static Step turns(TuiState s, KeyStroke k, int page) {
        return Step.of(RewindFlow.open(s), new Effect.Request(Methods.CHAT_HISTORY, new NotebookParams(s.notebookId()),
                (st, r) -> Step.of(RewindFlow.listed(st, Json.convert(r, dev.cellar.protocol.method.ChatHistory.class))),
                (st, e) -> Step.of(RewindFlow.close(st, e.getMessage()))));
    }

    static Step help(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.HELP));
    }

    static Step quit(TuiState s, KeyStroke k, int page) {
        return Step.of(s, new Effect.Quit());
    }

    /**
     * {@code A}: what the trust records hold back in this notebook (header settings, an
     * interpreter a confined cell could have planted), asked of the daemon and shown; {@code y}
     * then confirms exactly that (the interpreter by the hash shown).
     */
    static Step askToConfirm(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withMessage("asking the daemon what waits for a confirmation…"),
                Effect.request(Methods.NOTEBOOK_CONFIRM, new ConfirmParams(s.notebookId(), null, true, null), (st, r) -> {
                    ConfirmResult waiting = Json.convert(r, ConfirmResult.class);
                    if (waiting.nothingPending()) {
                        return st.withMessage("nothing waits for a confirmation");
                    }
                    String sha = waiting.interpreter() == null ? null : waiting.interpreter().sha256();
                    return st.to(new Screen.ConfirmTrust(sha)).withMessage(TrustText.question(waiting));
                }));
    }

    static int indexOf(TuiState s, String cellId) {
        for (int i = 0; i < s.cells().size(); i++) {
            if (s.cells().get(i).id().equals(cellId)) {
                return i;
            }
        }
        return -1;
    }
}
