package dev.cellar.protocol.model;

import java.util.List;

/**
 * One message of a notebook's conversation with the assistant: {@code role} is
 * {@code user}, {@code assistant} or {@code tool}. An assistant message may carry tool
 * calls; a tool message answers one ({@code toolCallId}) with its result as JSON text, and
 * {@code ok} says whether the call succeeded (null on other messages, and on tool messages
 * saved before the daemon recorded it), so a client never guesses from the text.
 */
public record ChatMessage(String role, String text, List<ToolCall> toolCalls, String toolCallId, String actor,
                          Boolean ok) {
    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage user(String text, String actor) {
        return new ChatMessage("user", text, List.of(), null, actor, null);
    }

    public static ChatMessage assistant(String text, List<ToolCall> calls) {
        return new ChatMessage("assistant", text, calls, null, "assistant", null);
    }

    public static ChatMessage tool(String callId, String result, boolean ok) {
        return new ChatMessage("tool", result, List.of(), callId, "assistant", ok);
    }

    /** A function call the model asked for; {@code arguments} is the JSON text it sent, valid or not. */
    public record ToolCall(String id, String name, String arguments) {
    }
}
