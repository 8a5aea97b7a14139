package dev.cellar.protocol.method;

import dev.cellar.protocol.model.ChatMessage;
import java.util.List;

/** {@code chat.history}: the notebook's conversation, oldest first. */
public record ChatHistory(List<ChatMessage> messages) {
}
