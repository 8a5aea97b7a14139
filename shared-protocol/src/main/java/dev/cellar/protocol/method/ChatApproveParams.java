package dev.cellar.protocol.method;

/** {@code chat.approve}: a person's answer to a tool call waiting for approval. */
public record ChatApproveParams(String notebookId, String callId, boolean approved) {
}
