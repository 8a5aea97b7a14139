package dev.cellar.daemon.assistant;

import dev.cellar.protocol.model.ChatMessage;
import java.util.List;
import java.util.function.Consumer;

/**
 * A chat model that can call tools, behind a small interface so the turn loop does not
 * know the SDK. {@link #complete} streams text to {@code onText} as it arrives and returns
 * when the model's message is complete, or early (with what it had) when the turn is
 * cancelled.
 */
public interface ChatModel {

    Reply complete(String system, List<ChatMessage> history, List<ToolSpec> tools, Consumer<String> onText,
                   Cancellation cancellation) throws ModelException;

    /** The model's message: its text, the tools it calls, and the tokens the exchange cost (estimated if not reported). */
    record Reply(String text, List<ChatMessage.ToolCall> toolCalls, long tokens) {
    }

    /** A tool the model may call: its JSON schema is strict. */
    record ToolSpec(String name, String description, java.util.Map<String, Object> parameters) {
    }

    /** The endpoint failed: HTTP error, timeout, unreachable. The message is for a person. */
    final class ModelException extends Exception {
        private static final long serialVersionUID = 1L;

        public ModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
