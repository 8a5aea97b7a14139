package dev.cellar.protocol.method;

import dev.cellar.protocol.model.ChatMessage;
import dev.cellar.protocol.model.TurnInfo;
import java.util.List;

/** {@code chat.history}: the notebook's conversation, oldest first, and its turns (checkpoints) oldest first. */
public record ChatHistory(List<ChatMessage> messages, List<TurnInfo> turns) {
    public ChatHistory {
        messages = messages == null ? List.of() : List.copyOf(messages);
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    public ChatHistory(List<ChatMessage> messages) {
        this(messages, List.of());
    }
}
