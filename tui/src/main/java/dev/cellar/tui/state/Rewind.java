package dev.cellar.tui.state;

import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.RewindChange;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoing a turn from the UI: the turns the daemon listed (oldest first; null while they
 * load), which one is chosen, and, once asked, the preview of its rewind (the daemon's dry
 * run). Pure: the keys and the daemon's answers make a new one.
 */
public record Rewind(List<TurnInfo> turns, int selected, Preview preview) {
    public Rewind {
        turns = turns == null ? null : List.copyOf(turns);
    }

    /**
     * What rewinding {@code turn} would change. {@code conflicts}: cells changed since the
     * turn, which only a forced rewind overwrites; the {@code changes} then are those of the
     * forced rewind.
     */
    public record Preview(TurnInfo turn, List<RewindChange> changes, List<RewindConflict> conflicts) {
        public Preview {
            changes = List.copyOf(changes);
            conflicts = List.copyOf(conflicts);
        }

        public boolean needsForce() {
            return !conflicts.isEmpty();
        }

        /** The cells a forced rewind overwrites. */
        public List<String> forced() {
            return conflicts.stream().map(RewindConflict::cellId).toList();
        }
    }

    /** While the daemon lists the turns. */
    public static Rewind loading() {
        return new Rewind(null, 0, null);
    }

    /** The turns listed; the newest is chosen, the one a user most likely wants to undo. */
    public static Rewind of(List<TurnInfo> turns) {
        return new Rewind(turns, Math.max(0, turns.size() - 1), null);
    }

    public Rewind move(int delta) {
        if (turns == null || turns.isEmpty()) {
            return this;
        }
        return new Rewind(turns, Math.max(0, Math.min(turns.size() - 1, selected + delta)), null);
    }

    /** The chosen turn, or null (none yet, or no turns). */
    public TurnInfo chosen() {
        return turns == null || turns.isEmpty() ? null : turns.get(selected);
    }

    public Rewind withPreview(Preview p) {
        return new Rewind(turns, selected, p);
    }

    /** The message line after a rewind: "turn-3 rewound: 2 cells restored, 1 deleted". */
    public static String done(RewindResult r) {
        if (r.alreadyRewound()) {
            return r.turnId() + " was already rewound: nothing changed";
        }
        if (r.changesNothing()) {
            return r.turnId() + " rewound: it had changed no cells";
        }
        List<String> parts = new ArrayList<>();
        count(parts, r.restored().size(), "restored");
        count(parts, r.changed().size(), "changed back");
        count(parts, r.moved().size(), "moved back");
        count(parts, r.deleted().size(), "deleted");
        return r.turnId() + " rewound: " + String.join(", ", parts);
    }

    private static void count(List<String> parts, int n, String verb) {
        if (n > 0) {
            parts.add(parts.isEmpty() ? n + (n == 1 ? " cell " : " cells ") + verb : n + " " + verb);
        }
    }
}
