package dev.cellar.tui.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of undoing a turn from the UI, as pure functions of the state: open the turn
 * list in the chat pane, show the daemon's dry run as a preview, and close with one line
 * saying what happened. The UI sends the requests; the answers come back here.
 */
public final class RewindFlow {
    private RewindFlow() {
    }

    /** The turn list opens in the chat pane while the daemon lists the turns. */
    public static TuiState open(TuiState s) {
        return s.withChatVisible(true).to(new Screen.Turns(Rewind.loading())).withMessage("");
    }

    /** The daemon listed the turns (ignored when the user left the list meanwhile). */
    public static TuiState listed(TuiState s, ChatHistory history) {
        if (s.mode() != Mode.TURNS) {
            return s;
        }
        if (history.turns().isEmpty()) {
            return close(s, "no turn of the assistant or an agent to rewind yet");
        }
        return s.withRewind(Rewind.of(history.turns()));
    }

    /**
     * The dry run's answer: {@code conflicts} are the cells changed since the turn (empty when
     * none), and {@code r} what the rewind changes (forcing those cells when there are any).
     */
    public static TuiState previewed(TuiState s, TurnInfo turn, RewindResult r, List<RewindConflict> conflicts) {
        if (s.rewind() == null) {
            return s;
        }
        if (r.alreadyRewound()) {
            return close(s, Rewind.done(r));
        }
        return s.to(new Screen.Rewinding(s.rewind().withPreview(new Rewind.Preview(turn, r.changes(), conflicts))));
    }

    /** The rewind is done. */
    public static TuiState applied(TuiState s, RewindResult r) {
        return close(s, Rewind.done(r));
    }

    /** Cancelled, or an error: back to the cells with one line in the message bar. */
    public static TuiState close(TuiState s, String message) {
        return s.to(Screen.CELLS).withMessage(oneLine(message));
    }

    /** The cells of a {@code CONFLICT} error's data ({@code data.conflicts}). */
    public static List<RewindConflict> conflicts(JsonNode data) {
        List<RewindConflict> out = new ArrayList<>();
        if (data != null) {
            data.path("conflicts").forEach(c -> out.add(Json.convert(c, RewindConflict.class)));
        }
        return out;
    }

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s*\\n\\s*", " ");
        line = line.replaceAll("[\\p{Cntrl}\\x{80}-\\x{9F}]", "?"); // text from the daemon reaches the terminal as text only
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }
}
