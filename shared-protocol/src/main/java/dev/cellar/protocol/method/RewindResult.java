package dev.cellar.protocol.method;

import dev.cellar.protocol.model.RewindChange;
import java.util.List;

/**
 * What {@code chat.rewind} did (or, for a dry run, would do): cells it deleted (the turn
 * created them), restored (the turn deleted them), changed back and moved back. {@code
 * alreadyRewound}: the turn was undone before, nothing changed. {@code revision} is the
 * notebook's revision after the rewind (null for a dry run or a no-op). {@code changes}:
 * the same cells with their code now and after, so a client can preview the rewind.
 */
public record RewindResult(String turnId, boolean alreadyRewound, Long revision, List<String> deleted,
                           List<String> restored, List<String> changed, List<String> moved, List<RewindChange> changes) {
    public RewindResult {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public RewindResult(String turnId, boolean alreadyRewound, Long revision, List<String> deleted, List<String> restored,
                        List<String> changed, List<String> moved) {
        this(turnId, alreadyRewound, revision, deleted, restored, changed, moved, List.of());
    }

    public boolean changesNothing() {
        return deleted.isEmpty() && restored.isEmpty() && changed.isEmpty() && moved.isEmpty();
    }
}
