package dev.cellar.protocol.method;

import java.util.List;

/** {@code chat.pending}: the tool calls of a notebook that wait for a person's approval, oldest first. */
public record PendingApprovals(List<Pending> calls) {
    /** {@code actor}: who asked ({@code assistant}, {@code agent:<name>}); {@code why} it needs approval. */
    public record Pending(String callId, String turnId, String actor, String tool, String arguments, String why) {
    }
}
