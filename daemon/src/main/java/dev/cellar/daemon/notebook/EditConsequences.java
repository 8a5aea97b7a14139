package dev.cellar.daemon.notebook;

import dev.cellar.daemon.event.EventLog;
import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.run.NotebookRunner;
import dev.cellar.daemon.run.RunOptions;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.model.CellInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place where an edit's consequences are worked out, for every source of edits
 * (clients, the assistant, agents, rewinds, the file changed on disk): from the notebook
 * and graph before the edit and the {@link NotebookChange} it made, as Pluto's reactive
 * core does from the old and new topology. In order: the events that take a client's copy
 * to the new notebook; the kernel's names that removed or changed cells no longer define;
 * cells downstream of what changed (in the old graph or the new) become stale; the
 * parser's and graph's verdicts are refreshed; the written cells run when the edit may
 * start runs and the notebook's autorun is on. Runs on the command loop, after the
 * edit is durable and committed.
 */
final class EditConsequences {
    private final NotebookSession session;

    EditConsequences(NotebookSession session) {
        this.session = session;
    }

    void follow(Origin origin, Notebook before, DependencyGraph graphBefore, NotebookChange change, Edit.Intent intent) {
        Notebook after = session.notebook();
        NotebookRunner runner = session.runner();
        publishEvents(origin, before, after, change, intent);
        for (String id : change.removed()) {
            runner.forget(id);
        }
        java.util.Set<String> tablesGone = new java.util.HashSet<>(change.removed());
        tablesGone.addAll(change.changed());
        runner.dropTables(tablesGone);
        for (String id : change.changed()) {
            Set<String> dropped = runner.queue().ownedBy(id);
            dropped.removeAll(after.cell(id).orElseThrow().defs());
            runner.queue().release(dropped);
        }
        if (change.touchesGraph()) {
            Set<String> upstreamGone = new LinkedHashSet<>(change.removed());
            upstreamGone.addAll(change.changed());
            Set<String> affected = graphBefore.withDescendants(upstreamGone.stream().filter(graphBefore::contains).toList());
            affected.addAll(session.graph().withDescendants(change.written()));
            affected.removeAll(upstreamGone);
            affected.removeAll(change.added());
            session.markStale(origin, affected);
            session.refreshStaticErrors(origin);
            session.dataFiles().refreshFolders();
        }
        if (intent.autorun() && after.settings().autorun()) {
            List<String> roots = change.written().stream().map(id -> after.cell(id).orElseThrow())
                    .filter(c -> c.runnable() && !c.code().isBlank()).map(Cell::id).toList();
            if (!roots.isEmpty()) {
                runner.start(origin, roots, RunOptions.AUTOMATIC);
            }
        }
        runner.ensureDraining();
        runner.finishCompletedRuns();
    }

    /** Deletions, then updates, then creations and moves, in steps a client applies one by one. */
    private void publishEvents(Origin origin, Notebook before, Notebook after, NotebookChange change, Edit.Intent intent) {
        long revision = after.revision();
        List<OrderSteps.Step> steps = change.reordered() || !change.added().isEmpty() || !change.removed().isEmpty()
                || !intent.moved().isEmpty()
                ? OrderSteps.between(ids(before), ids(after), intent.moved()) : List.of();
        for (OrderSteps.Step step : steps) {
            if (step instanceof OrderSteps.Delete d) {
                session.publish(EventLog.event(origin, m -> new Event.CellDeleted(m, d.cellId(), revision)));
            }
        }
        for (String id : change.changed()) {
            CellInfo info = after.cell(id).orElseThrow().toInfo();
            Boolean lastWriterWins = intent.lastWriterWins() ? Boolean.TRUE : null;
            session.publish(EventLog.event(origin, m -> new Event.CellUpdated(m, info, revision, lastWriterWins)));
        }
        for (OrderSteps.Step step : steps) {
            switch (step) {
                case OrderSteps.Delete d -> { }
                case OrderSteps.Create c -> {
                    CellInfo info = after.cell(c.cellId()).orElseThrow().toInfo();
                    session.publish(EventLog.event(origin, m -> new Event.CellCreated(m, info, c.index(), revision)));
                }
                case OrderSteps.Move move -> session.publish(EventLog.event(origin,
                        m -> new Event.CellMoved(m, move.cellId(), move.index(), revision)));
            }
        }
    }

    private static List<String> ids(Notebook notebook) {
        List<String> ids = new ArrayList<>(notebook.cells().size());
        notebook.cells().forEach(c -> ids.add(c.id()));
        return ids;
    }
}
