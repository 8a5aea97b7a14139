package dev.cellar.tui.state;

import java.util.List;

/**
 * The chat pane: the conversation's lines, what is typed, whether the pane shows, the turn
 * running ({@code turnId}, or null), the tool call waiting for approval (or null) and how
 * far the pane is scrolled back.
 */
public record ChatPane(List<ChatLine> lines, String input, boolean visible, String turnId, String approvalCallId,
                       int scroll) {

    public ChatPane {
        lines = List.copyOf(lines);
    }

    static final ChatPane EMPTY = new ChatPane(List.of(), "", true, null, null, 0);

    ChatPane withInput(String text) {
        return new ChatPane(lines, text, visible, turnId, approvalCallId, scroll);
    }

    ChatPane withVisible(boolean on) {
        return new ChatPane(lines, input, on, turnId, approvalCallId, scroll);
    }

    ChatPane withScroll(int back) {
        return new ChatPane(lines, input, visible, turnId, approvalCallId, Math.max(0, back));
    }

    /** New lines scroll the pane to the newest. */
    ChatPane withLines(List<ChatLine> next, String turn, String approval) {
        return new ChatPane(next, input, visible, turn, approval, 0);
    }
}
