package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.RewindParams;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Rewind;
import dev.cellar.tui.state.RewindFlow;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.List;

/**
 * Undoing a turn: choosing it in the chat pane, the daemon's dry run as the preview, then
 * y, f or n. The {@link Keymap}'s actions for {@code TURNS} and {@code REWIND}. Pure.
 */
final class TurnKeys {
    private TurnKeys() {
    }

    static boolean chosen(TuiState s) {
        return s.rewind() != null && s.rewind().chosen() != null;
    }

    static Step move(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withRewind(s.rewind().move(Keys.direction(k))));
    }

    static Step back(TuiState s, KeyStroke k, int page) {
        return Step.of(RewindFlow.close(s, ""));
    }

    /**
     * Asks the daemon what undoing the chosen turn changes. Cells changed since the turn make
     * the dry run a {@code CONFLICT}; a second dry run forcing them shows what f would do.
     */
    static Step preview(TuiState s, KeyStroke k, int page) {
        String notebookId = s.notebookId();
        TurnInfo turn = s.rewind().chosen();
        return Step.of(s, new Effect.Request(Methods.CHAT_REWIND, new RewindParams(notebookId, turn.turnId(), List.of(), true),
                (st, r) -> Step.of(RewindFlow.previewed(st, turn, Json.convert(r, RewindResult.class), List.of())),
                (st, e) -> {
                    if (e.errorCode() != ErrorCode.CONFLICT || e.data() == null) {
                        return Step.of(RewindFlow.close(st, e.getMessage()));
                    }
                    List<RewindConflict> conflicts = RewindFlow.conflicts(e.data());
                    return Step.of(st, new Effect.Request(Methods.CHAT_REWIND, new RewindParams(notebookId, turn.turnId(),
                            conflicts.stream().map(RewindConflict::cellId).toList(), true),
                            (st2, r) -> Step.of(RewindFlow.previewed(st2, turn, Json.convert(r, RewindResult.class),
                                    conflicts)),
                            (st2, e2) -> Step.of(RewindFlow.close(st2, e2.getMessage()))));
                }));
    }

    // y cannot rewind over cells changed since the turn: only f, which says it overwrites them
    static boolean needsForce(TuiState s) {
        return s.rewind().preview().needsForce();
    }

    static String forceBrief(TuiState s) {
        int n = s.rewind().preview().conflicts().size();
        return "rewind, overwriting " + n + " changed " + (n == 1 ? "cell" : "cells");
    }

    static Step rewind(TuiState s, KeyStroke k, int page) {
        Rewind.Preview p = s.rewind().preview();
        return Step.of(RewindFlow.close(s, "rewinding " + p.turn().turnId() + "…"), new Effect.Request(Methods.CHAT_REWIND,
                new RewindParams(s.notebookId(), p.turn().turnId(), p.forced(), false),
                (st, r) -> Step.of(RewindFlow.applied(st, Json.convert(r, RewindResult.class))),
                (st, e) -> Step.of(RewindFlow.close(st, e.getMessage()))));
    }

    static Step cancel(TuiState s, KeyStroke k, int page) {
        return Step.of(RewindFlow.close(s, "rewind cancelled: nothing changed"));
    }
}
