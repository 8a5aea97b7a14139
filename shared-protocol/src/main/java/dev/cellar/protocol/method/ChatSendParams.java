package dev.cellar.protocol.method;

/**
 * {@code chat.send}: starts an assistant turn. {@code approveAll} approves every tool call
 * of this turn in advance (a person choosing so, e.g. {@code cellar chat --yes}).
 */
public record ChatSendParams(String notebookId, String text, boolean approveAll) {
}
