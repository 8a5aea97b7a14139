package dev.cellar.daemon.turn;

import dev.cellar.daemon.model.Cell;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.TurnInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The checkpoint of one assistant or agent turn: the cell order before its first change
 * and, for every cell it created, changed, moved or deleted, the cell as it was before
 * the turn touched it and as the turn left it. Immutable; stored as JSON in the sidecar.
 */
public record TurnCheckpoint(String turnId, String actor, String prompt, long startedAt, List<String> orderBefore,
                             List<Touched> cells, boolean rewound) {
    public TurnCheckpoint {
        orderBefore = orderBefore == null ? null : List.copyOf(orderBefore);
        cells = cells == null ? List.of() : List.copyOf(cells);
    }

    /** A cell's source (what the file holds of it) at one moment. */
    public record Source(CellKind kind, String code, String out, String markerExtra, long version) {
        static Source of(Cell c) {
            return new Source(c.kind(), c.code(), c.out(), c.markerExtra(), c.version());
        }

        public boolean sameSource(Cell c) {
            return sameSourceAs(of(c));
        }

        boolean sameSourceAs(Source o) {
            return kind == o.kind() && code.equals(o.code()) && java.util.Objects.equals(out, o.out());
        }
    }

    /**
     * One cell the turn touched: {@code before} null when the turn created it, {@code after}
     * null when the turn deleted it; {@code lastVersion} the highest version it saw, so a
     * restored cell gets a newer one; {@code moved} when the turn moved it.
     */
    public record Touched(String cellId, Source before, int beforeIndex, Source after, long lastVersion, boolean moved) {
        public boolean created() {
            return before == null;
        }

        public boolean deleted() {
            return after == null;
        }
    }

    Optional<Touched> touched(String cellId) {
        return cells.stream().filter(t -> t.cellId().equals(cellId)).findFirst();
    }

    TurnCheckpoint with(Touched touched) {
        List<Touched> next = new ArrayList<>(cells);
        next.removeIf(t -> t.cellId().equals(touched.cellId()));
        int at = cells.stream().map(Touched::cellId).toList().indexOf(touched.cellId());
        next.add(at < 0 ? next.size() : at, touched);
        return new TurnCheckpoint(turnId, actor, prompt, startedAt, orderBefore, next, rewound);
    }

    TurnCheckpoint withOrderBefore(List<String> order) {
        return orderBefore != null ? this : new TurnCheckpoint(turnId, actor, prompt, startedAt, order, cells, rewound);
    }

    TurnCheckpoint rewound(boolean value) {
        return new TurnCheckpoint(turnId, actor, prompt, startedAt, orderBefore, cells, value);
    }

    TurnCheckpoint update(String cellId, UnaryOperator<Touched> change) {
        return touched(cellId).map(t -> with(change.apply(t))).orElse(this);
    }

    TurnInfo info() {
        return new TurnInfo(turnId, actor, startedAt, prompt, cells.stream().map(Touched::cellId).toList(), summary(),
                rewound);
    }

    /** "created a1, b2; changed c3; moved d4; deleted e5", or that it changed nothing. */
    String summary() {
        List<String> parts = new ArrayList<>();
        part(parts, "created", cells.stream().filter(t -> t.created() && !t.deleted()).map(Touched::cellId).toList());
        part(parts, "changed", cells.stream().filter(t -> !t.created() && !t.deleted() && !t.before().sameSourceAs(t.after()))
                .map(Touched::cellId).toList());
        part(parts, "moved", cells.stream().filter(t -> t.moved() && !t.deleted()).map(Touched::cellId).toList());
        part(parts, "deleted", cells.stream().filter(t -> !t.created() && t.deleted()).map(Touched::cellId).toList());
        return parts.isEmpty() ? "no cells changed" : String.join("; ", parts);
    }

    private static void part(List<String> parts, String verb, List<String> ids) {
        if (!ids.isEmpty()) {
            parts.add(verb + " " + String.join(", ", ids));
        }
    }
}
