package dev.cellar.daemon.notebook;

import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an edit did to a notebook, worked out by comparing the notebook before and after
 * it, whatever made the edit (a client, the assistant, an agent, a rewind, the file on
 * disk). Cells are matched by id: {@code added} and {@code changed} are in the new order,
 * {@code removed} in the old one. A cell is changed when its source (kind, code, result
 * variable) differs; run state is not a change of the notebook.
 */
record NotebookChange(List<String> removed, List<String> added, List<String> changed, boolean reordered,
                      boolean headerChanged) {

    static NotebookChange between(Notebook before, Notebook after) {
        Map<String, Cell> old = new HashMap<>();
        before.cells().forEach(c -> old.put(c.id(), c));
        Set<String> now = new LinkedHashSet<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Cell c : after.cells()) {
            now.add(c.id());
            Cell was = old.get(c.id());
            if (was == null) {
                added.add(c.id());
            } else if (!sameSource(was, c)) {
                changed.add(c.id());
            }
        }
        List<String> removed = before.cells().stream().map(Cell::id).filter(id -> !now.contains(id)).toList();
        List<String> keptBefore = before.cells().stream().map(Cell::id).filter(now::contains).toList();
        List<String> keptAfter = after.cells().stream().map(Cell::id).filter(old::containsKey).toList();
        boolean headerChanged = !before.header().equals(after.header()) || !before.settings().equals(after.settings());
        return new NotebookChange(removed, added, changed, !keptBefore.equals(keptAfter), headerChanged);
    }

    static boolean sameSource(Cell a, Cell b) {
        return a.kind() == b.kind() && a.code().equals(b.code()) && Objects.equals(a.out(), b.out());
    }

    /** Whether the cells' names may have changed: what the graph, staleness and static errors follow. */
    boolean touchesGraph() {
        return !removed.isEmpty() || !added.isEmpty() || !changed.isEmpty();
    }

    boolean isEmpty() {
        return !touchesGraph() && !reordered && !headerChanged;
    }

    /** The graph of the notebook after the change, from the graph before it. */
    DependencyGraph applyTo(DependencyGraph graph, Notebook after) {
        DependencyGraph next = graph;
        for (String id : removed) {
            next = next.without(id);
        }
        for (String id : added) {
            next = next.with(id, after.cell(id).orElseThrow().analysis());
        }
        for (String id : changed) {
            next = next.with(id, after.cell(id).orElseThrow().analysis());
        }
        return next;
    }

    /** The cells whose source the change wrote (new or changed), in the new order: what autorun starts. */
    List<String> written() {
        List<String> all = new ArrayList<>(added);
        all.addAll(changed);
        return all;
    }
}
