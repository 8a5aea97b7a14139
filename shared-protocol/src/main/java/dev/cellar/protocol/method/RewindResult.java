package dev.cellar.protocol.method;

import java.util.List;

/**
 * What {@code chat.rewind} did (or, for a dry run, would do): cells it deleted (the turn
 * created them), restored (the turn deleted them), changed back and moved back. {@code
 * alreadyRewound}: the turn was undone before, nothing changed. {@code revision} is the
 * notebook's revision after the rewind (null for a dry run or a no-op).
 */
public record RewindResult(String turnId, boolean alreadyRewound, Long revision, List<String> deleted,
                           List<String> restored, List<String> changed, List<String> moved) {
    public boolean changesNothing() {
        return deleted.isEmpty() && restored.isEmpty() && changed.isEmpty() && moved.isEmpty();
    }
}
