package dev.cellar.protocol.event;

/**
 * The assistant part of an event: which turn, and (depending on the event type) the text
 * streamed, the tool called with its arguments, its result, or why the turn ended.
 */
public record ChatEvent(String turnId, String text, String callId, String tool, String arguments, String result,
                        Boolean ok, String reason) {

    public static ChatEvent text(String turnId, String text) {
        return new ChatEvent(turnId, text, null, null, null, null, null, null);
    }

    public static ChatEvent call(String turnId, String callId, String tool, String arguments) {
        return new ChatEvent(turnId, null, callId, tool, arguments, null, null, null);
    }

    public static ChatEvent result(String turnId, String callId, String tool, String result, boolean ok) {
        return new ChatEvent(turnId, null, callId, tool, null, result, ok, null);
    }

    public static ChatEvent ended(String turnId, String reason, String message) {
        return new ChatEvent(turnId, message, null, null, null, null, null, reason);
    }
}
