package dev.cellar.protocol.method;

import java.util.List;

/**
 * {@code chat.rewind}: undo a turn ({@code turnId} null: the last one) as one new edit.
 * {@code force} names cells changed since the turn that may be overwritten anyway;
 * {@code dryRun} answers what would change without changing anything (a preview).
 */
public record RewindParams(String notebookId, String turnId, List<String> force, boolean dryRun) {
    public RewindParams {
        force = force == null ? List.of() : List.copyOf(force);
    }

    public RewindParams(String notebookId, String turnId) {
        this(notebookId, turnId, List.of(), false);
    }
}
