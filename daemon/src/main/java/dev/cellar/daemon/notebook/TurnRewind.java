package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.turn.TurnCheckpoint;
import dev.cellar.daemon.turn.TurnCheckpoints;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.RewindChange;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Undoes a turn from its checkpoint as one {@link Edit}: one revision, one durable write.
 * Cells the turn created are deleted, cells it deleted come back with their ids where
 * they were, cells it changed get their code back, its moves are reversed. A cell changed
 * since the turn (by a person or a later turn) is overwritten only when the caller forces
 * it; otherwise nothing changes and the answer is a {@code CONFLICT} listing such cells.
 */
final class TurnRewind {
    private final NotebookSession session;
    private final CellAnalyzer analyzer;
    private final TurnCheckpoints checkpoints;

    TurnRewind(NotebookSession session, CellAnalyzer analyzer, TurnCheckpoints checkpoints) {
        this.session = session;
        this.analyzer = analyzer;
        this.checkpoints = checkpoints;
    }

    /** What a rewind changes, worked out against the notebook as it is. */
    private record Plan(List<String> deleted, Map<String, TurnCheckpoint.Touched> restored,
                        Map<String, TurnCheckpoint.Touched> reverted, List<String> moved, List<String> order,
                        List<RewindChange> changes) {
        RewindResult result(String turnId, Long revision) {
            return new RewindResult(turnId, false, revision, deleted, List.copyOf(restored.keySet()),
                    List.copyOf(reverted.keySet()), moved, changes);
        }
    }

    Edit prepare(Notebook base, Origin origin, Command.Rewind r) {
        TurnCheckpoint cp = r.turnId() == null ? checkpoints.last() : checkpoints.get(r.turnId());
        if (cp == null) {
            throw NotebookEdits.invalid(r.turnId() == null ? "no assistant or agent turn to rewind in this notebook"
                    : "no turn " + r.turnId() + " in this notebook (chat history lists its turns)");
        }
        if (cp.rewound()) {
            return Edit.none(() -> new RewindResult(cp.turnId(), true, null, List.of(), List.of(), List.of(), List.of()));
        }
        Plan plan = plan(base, cp, new HashSet<>(r.force()));
        if (r.dryRun()) {
            return Edit.none(() -> plan.result(cp.turnId(), null));
        }
        // marked now, so a second rewind in the same burst is a no-op; saved when this edit commits
        checkpoints.markRewinding(cp.turnId());
        if (plan.result(cp.turnId(), null).changesNothing()) {
            return Edit.none(() -> {
                checkpoints.saveIfDirty();
                return plan.result(cp.turnId(), session.notebook().revision());
            });
        }
        Map<String, TurnCheckpoint.Touched> sources = new LinkedHashMap<>(plan.reverted());
        sources.putAll(plan.restored());
        List<String> sourceIds = List.copyOf(sources.keySet());
        List<Analysis> analyses = analyzer.analyze(sources.values().stream()
                .map(t -> new CellAnalyzer.Source(t.before().kind(), t.before().code(), t.before().out())).toList());
        Map<String, Analysis> analysisOf = new LinkedHashMap<>();
        for (int i = 0; i < sourceIds.size(); i++) {
            analysisOf.put(sourceIds.get(i), analyses.get(i));
        }
        return new Edit(nb -> nb.revise(apply(nb, plan, analysisOf, origin.actor())), Edit.Intent.writes(r.autorun(), false),
                () -> {
                    checkpoints.saveIfDirty();
                    return plan.result(cp.turnId(), session.notebook().revision());
                });
    }

    private static Plan plan(Notebook base, TurnCheckpoint cp, Set<String> force) {
        List<RewindConflict> conflicts = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Map<String, TurnCheckpoint.Touched> restored = new LinkedHashMap<>();
        Map<String, TurnCheckpoint.Touched> reverted = new LinkedHashMap<>();
        for (TurnCheckpoint.Touched t : cp.cells()) {
            Cell now = base.cell(t.cellId()).orElse(null);
            // by source, not version: versions start again at 1 when the daemon reopens the file
            boolean changedSince = t.deleted() ? now != null : now == null || !t.after().sameSource(now);
            if (changedSince && !force.contains(t.cellId())) {
                conflicts.add(new RewindConflict(t.cellId(), t.deleted() ? null : t.after().version(),
                        t.deleted() ? null : t.after().code(), now == null ? null : now.toInfo()));
            } else if (t.created()) {
                if (now != null) {
                    deleted.add(t.cellId());
                }
            } else if (now == null) {
                restored.put(t.cellId(), t);
            } else if (!t.before().sameSource(now)) {
                reverted.put(t.cellId(), t);
            }
        }
        if (!conflicts.isEmpty()) {
            throw new RpcException(ErrorCode.CONFLICT, "turn " + cp.turnId() + " cannot be rewound: "
                    + String.join(", ", conflicts.stream().map(RewindConflict::cellId).toList())
                    + (conflicts.size() == 1 ? " was" : " were") + " changed after it; nothing was changed"
                    + " (force the cells to overwrite them with what they were before the turn)",
                    Json.MAPPER.createObjectNode().put("turnId", cp.turnId()).set("conflicts", Json.tree(conflicts)));
        }
        List<String> order = order(base, cp, deleted, restored.keySet());
        List<String> moved = cp.cells().stream().filter(t -> t.moved() && order.contains(t.cellId()))
                .map(TurnCheckpoint.Touched::cellId).filter(id -> base.indexOf(id) != order.indexOf(id)).toList();
        return new Plan(deleted, restored, reverted, moved, order, changes(base, deleted, restored, reverted, moved, order));
    }

    /** The plan cell by cell, with the code now and after, for a client's preview. */
    private static List<RewindChange> changes(Notebook base, List<String> deleted, Map<String, TurnCheckpoint.Touched> restored,
                                              Map<String, TurnCheckpoint.Touched> reverted, List<String> moved,
                                              List<String> order) {
        List<RewindChange> changes = new ArrayList<>();
        deleted.forEach(id -> changes.add(new RewindChange(id, RewindChange.Kind.DELETE, code(base, id), null,
                base.indexOf(id), null)));
        restored.forEach((id, t) -> changes.add(new RewindChange(id, RewindChange.Kind.RESTORE, null, t.before().code(),
                null, order.indexOf(id))));
        reverted.forEach((id, t) -> changes.add(new RewindChange(id, RewindChange.Kind.REVERT, code(base, id),
                t.before().code(), base.indexOf(id), order.indexOf(id))));
        moved.forEach(id -> changes.add(new RewindChange(id, RewindChange.Kind.MOVE, code(base, id), code(base, id),
                base.indexOf(id), order.indexOf(id))));
        return changes;
    }

    private static String code(Notebook nb, String cellId) {
        return nb.cell(cellId).map(Cell::code).orElse(null);
    }

    /**
     * The cell order after the rewind. When the turn only created and edited cells, the
     * order as it is now less the deleted cells; when it moved or deleted cells, the order
     * before the turn, with cells added since kept after the cell they follow now.
     */
    private static List<String> order(Notebook base, TurnCheckpoint cp, List<String> deleted, Set<String> restored) {
        List<String> current = base.cells().stream().map(Cell::id).toList();
        Set<String> kept = new HashSet<>(current);
        deleted.forEach(kept::remove);
        kept.addAll(restored);
        boolean structural = cp.cells().stream().anyMatch(t -> t.moved() || (!t.created() && t.deleted()));
        if (!structural || cp.orderBefore() == null) {
            return current.stream().filter(kept::contains).toList();
        }
        List<String> order = new ArrayList<>(cp.orderBefore().stream().filter(kept::contains).toList());
        for (int i = 0; i < current.size(); i++) {
            String id = current.get(i);
            if (!kept.contains(id) || order.contains(id)) {
                continue;
            }
            int at = 0;
            for (int j = i - 1; j >= 0; j--) {
                if (order.contains(current.get(j))) {
                    at = order.indexOf(current.get(j)) + 1;
                    break;
                }
            }
            order.add(at, id);
        }
        return order;
    }

    private static List<Cell> apply(Notebook nb, Plan plan, Map<String, Analysis> analysisOf, String actor) {
        Map<String, Cell> byId = new LinkedHashMap<>();
        nb.cells().forEach(c -> byId.put(c.id(), c));
        plan.deleted().forEach(byId::remove);
        plan.reverted().forEach((id, t) -> {
            Cell current = byId.get(id);
            byId.put(id, current.edited(t.before().kind(), t.before().code(), t.before().out(), analysisOf.get(id), actor));
        });
        plan.restored().forEach((id, t) -> byId.put(id, new Cell(id, t.before().kind(), t.before().code(),
                t.lastVersion() + 1, t.before().out(), t.before().markerExtra(), analysisOf.get(id), CellStatus.IDLE,
                List.of(), null, actor, null, false)));
        List<Cell> cells = new ArrayList<>();
        plan.order().forEach(id -> cells.add(byId.remove(id)));
        cells.addAll(byId.values()); // none: the order names every cell; kept rather than lost if it did not
        return cells;
    }
}
