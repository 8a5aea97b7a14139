package dev.cellar.daemon.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's bookkeeping for one notebook: queued cells, the running cell, active
 * runs, and which cell's run bound which kernel variable. It belongs to the notebook's
 * command loop and is only touched there; the kernel thread asks the loop for its next
 * step, so every plan is made from the notebook and graph as they are at that moment.
 */
public final class RunQueue {
    private final Set<String> queued = new LinkedHashSet<>();
    private final Map<String, ActiveRun> runs = new LinkedHashMap<>();
    private final Map<String, String> nameOwner = new HashMap<>();
    private final Set<String> pendingClear = new LinkedHashSet<>();
    private String running;
    private long runningVersion;
    private boolean runningInvalidated;
    private boolean draining;
    private long runCounter;

    public String newRunId() {
        return "run-" + (++runCounter);
    }

    public void enqueue(String cellId) {
        queued.add(cellId);
    }

    public boolean dequeue(String cellId) {
        return queued.remove(cellId);
    }

    public boolean isQueued(String cellId) {
        return queued.contains(cellId);
    }

    public List<String> drainQueue() {
        List<String> all = new ArrayList<>(queued);
        queued.clear();
        return all;
    }

    public Set<String> queued() {
        return Set.copyOf(queued);
    }

    /** The first queued cell in this order (parents before children), or null. */
    public String firstQueued(List<String> topologicalOrder) {
        for (String id : topologicalOrder) {
            if (queued.contains(id)) {
                return id;
            }
        }
        return null;
    }

    public void started(String cellId, long version) {
        running = cellId;
        runningVersion = version;
        runningInvalidated = false;
    }

    public boolean isRunning(String cellId, long version) {
        return cellId.equals(running) && version == runningVersion;
    }

    public String running() {
        return running;
    }

    /** An upstream cell changed while this one ran: its result is already out of date. */
    public void invalidateRunning() {
        runningInvalidated = true;
    }

    /** Ends the running cell; returns whether its result was invalidated meanwhile. */
    public boolean finished() {
        boolean invalidated = runningInvalidated;
        running = null;
        runningInvalidated = false;
        return invalidated;
    }

    public boolean isPending(String cellId) {
        return queued.contains(cellId) || cellId.equals(running);
    }

    public void addRun(ActiveRun run) {
        runs.put(run.runId(), run);
    }

    /** Runs none of whose cells is still queued or running; they are removed. */
    public List<ActiveRun> completedRuns() {
        List<ActiveRun> done = new ArrayList<>();
        for (ActiveRun run : runs.values()) {
            if (run.cellIds().stream().noneMatch(this::isPending)) {
                done.add(run);
            }
        }
        done.forEach(r -> runs.remove(r.runId()));
        return done;
    }

    /** The options of the first active run that planned this cell (a run's own settings follow its cells). */
    public RunOptions optionsFor(String cellId) {
        for (ActiveRun run : runs.values()) {
            if (run.cellIds().contains(cellId)) {
                return run.options();
            }
        }
        return RunOptions.DEFAULT;
    }

    public Collection<ActiveRun> activeRuns() {
        return List.copyOf(runs.values());
    }

    /** The kernel variables this cell's last run bound. */
    public Set<String> ownedBy(String cellId) {
        Set<String> names = new HashSet<>();
        nameOwner.forEach((name, owner) -> {
            if (owner.equals(cellId)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The kernel lost its variables (restarted, or its worker died): nobody owns a name now. */
    public void forgetOwners() {
        nameOwner.clear();
    }

    public void own(String cellId, Set<String> names) {
        names.forEach(n -> nameOwner.put(n, cellId));
    }

    /** Forgets these names and removes them from the kernel at its next step. */
    public void release(Set<String> names) {
        names.forEach(nameOwner::remove);
        pendingClear.addAll(names);
    }

    public Set<String> takePendingClear() {
        Set<String> names = Set.copyOf(pendingClear);
        pendingClear.clear();
        return names;
    }

    public boolean hasWork() {
        return !queued.isEmpty() || !pendingClear.isEmpty();
    }

    /** Whether the kernel thread must be started: there is work and it is not already draining. */
    public boolean startDraining() {
        if (draining || !hasWork()) {
            return false;
        }
        draining = true;
        return true;
    }

    public void stopDraining() {
        draining = false;
    }
}
