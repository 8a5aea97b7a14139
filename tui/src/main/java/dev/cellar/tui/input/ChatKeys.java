package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.protocol.method.ChatApproveParams;
import dev.cellar.protocol.method.ChatSendParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;

/** The chat pane's keys: the {@link Keymap}'s actions for {@code CHAT}. Pure. */
final class ChatKeys {
    private ChatKeys() {
    }

    /** y and n answer an approval only while nothing is typed: otherwise they are letters of a message. */
    static boolean approvalWaits(TuiState s) {
        return s.approvalCallId() != null && s.chatInput().isEmpty();
    }

    static Step approve(TuiState s, KeyStroke k, int page) {
        return Step.of(s, Effect.request(Methods.CHAT_APPROVE,
                new ChatApproveParams(s.notebookId(), s.approvalCallId(), Keys.isChar(k, 'y'))));
    }

    static Step cancel(TuiState s, KeyStroke k, int page) {
        return Step.of(s, Effect.request(Methods.CHAT_CANCEL, new NotebookParams(s.notebookId())));
    }

    static Step scroll(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withChatScroll(s.chatScroll() - Keys.direction(k) * 5)); // PgUp scrolls back
    }

    static Step backspace(TuiState s, KeyStroke k, int page) {
        String in = s.chatInput();
        return Step.of(s.withChatInput(in.isEmpty() ? "" : in.substring(0, in.length() - 1)));
    }

    static Step back(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS));
    }

    static Step type(TuiState s, KeyStroke k, int page) {
        Character ch = Keys.printable(k);
        return Step.of(ch == null ? s : s.withChatInput(s.chatInput() + ch));
    }

    /** Sends what is typed; with no assistant configured the how-to shows and the text stays to send later. */
    static Step send(TuiState s, KeyStroke k, int page) {
        if (s.chatInput().isBlank()) {
            return Step.of(s);
        }
        String typed = s.chatInput();
        return Step.of(s.withChatInput(""), new Effect.Request(Methods.CHAT_SEND,
                new ChatSendParams(s.notebookId(), typed, false), (st, r) -> Step.of(st),
                (st, e) -> Step.of(e.errorCode() == ErrorCode.ASSISTANT_NOT_CONFIGURED
                        ? Reducer.assistantMissing(st, e.getMessage(), typed)
                        : st.withMessage(e.getMessage()).to(Screen.CELLS))));
    }
}
