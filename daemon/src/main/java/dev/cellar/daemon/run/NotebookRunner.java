package dev.cellar.daemon.run;

import dev.cellar.daemon.event.EventLog;
import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.kernel.Kernel;
import dev.cellar.daemon.kernel.KernelSpec;
import dev.cellar.daemon.kernel.OutputSink;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.model.Settings;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs a notebook's cells. Planning and every status change happen on the command loop
 * (the methods the session calls; the session is a {@link RunHost} here); execution happens on the notebook's
 * kernel thread, which pulls one {@link KernelStep} at a time from the loop
 * ({@link #drain}). Because each step is chosen from the notebook as it is at that moment,
 * an edit, a new dependency or a deletion made during a run is seen by the next step, and
 * variables are only removed between cells.
 */
public final class NotebookRunner {
    private final RunHost session;
    private final Function<KernelSpec, Kernel> kernels;
    private final ScheduledExecutorService timers;
    private final RunQueue queue = new RunQueue();
    private final ExecutorService kernelThread;
    /** Made on the kernel thread at the first run; emptied by a restart, from the loop. */
    private final java.util.concurrent.atomic.AtomicReference<Kernel> kernel = new java.util.concurrent.atomic.AtomicReference<>();
    /** The kernel ran a cell since it was made: it is no longer fresh. */
    private volatile boolean kernelUsed;
    /** A fresh run was planned: the next batch run will want a fresh kernel too, so one is started ahead. */
    private volatile boolean spareWanted;
    /** Numbers the cells the kernel thread runs, so an interrupt targets one step and no later one. */
    private volatile long stepNumber;
    private volatile long interruptedStep = -1;
    /** What waits for the running cell's result ({@link #afterRunningStep}); loop only. */
    private final List<Runnable> whenStepEnds = new ArrayList<>();
    /** Set by {@link #close}: a step the kernel thread already took runs no cell (no worker starts for it). */
    private volatile boolean closed;
    /** Counts the kernels made: a table handle names its kernel, so one from before a restart is never read from the next. */
    private volatile long kernelNumber;
    /** Work on the kernel waiting for its thread (table pages, the catalog, tables to drop), done between cells ({@link #readBetweenCells}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> kernelReads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** A kernel's own handle: {@code py:N} (outputs.py) or {@code sql:N} (a spool); anything else a kernel says is dropped. */
    private static final java.util.regex.Pattern KERNEL_HANDLE = java.util.regex.Pattern.compile("(py|sql):[0-9]{1,15}");

    public NotebookRunner(RunHost session, Function<KernelSpec, Kernel> kernels, ScheduledExecutorService timers) {
        this.session = session;
        this.kernels = kernels;
        this.timers = timers;
        this.kernelThread = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("kernel-" + session.notebookId()).unstarted(r));
    }

    /** Starts the kernel in the background (the first run then waits less); on the kernel thread, like every use. */
    public void warmUp() {
        kernelThread.execute(() -> kernel().warmUp());
    }

    public RunQueue queue() {
        return queue;
    }

    // ---- on the command loop

    /** Plans a run of these cells, their stale or never-run ancestors, and everything downstream. */
    public ActiveRun start(Origin origin, Collection<String> roots, RunOptions options) {
        DependencyGraph graph = session.graph();
        Notebook notebook = session.notebook();
        Parameters.check(notebook, options.parameters());
        Set<String> starts = new LinkedHashSet<>(roots);
        for (String ancestor : graph.withAncestors(roots)) {
            notebook.cell(ancestor).filter(this::needsRun).ifPresent(c -> starts.add(c.id()));
        }
        Set<String> plan = graph.withDescendants(starts);
        if (options.automatic()) {
            // a warehouse's query is not re-run by an edit upstream: it and what reads it stay stale
            plan.removeAll(graph.withDescendants(plan.stream().filter(id -> notebook.cell(id)
                    .map(c -> c.kind() == CellKind.SQL && !session.sqlAutoruns(c)).orElse(false)).toList()));
        }
        List<String> ordered = notebook.cells().stream()
                .filter(c -> plan.contains(c.id()) && c.runnable()).map(Cell::id).toList();
        String runId = queue.newRunId();
        Map<String, String> blockedBy = graph.firstUpstream(session.staticErrors().cells());
        for (String cellId : ordered) {
            if (session.staticErrors().has(cellId)) {
                continue;
            }
            String source = blockedBy.get(cellId);
            if (source != null) {
                CellError upstream = CellError.of("BlockedError", "upstream cell " + source + " cannot run: "
                        + session.staticErrors().get(source).summary());
                session.setState(origin, cellId, c -> c.withResult(CellStatus.BLOCKED, List.of(), upstream));
                continue;
            }
            queue.enqueue(cellId);
            if (notebook.cell(cellId).orElseThrow().status() != CellStatus.RUNNING) {
                session.setState(origin, cellId, c -> c.withStatus(CellStatus.QUEUED));
            }
        }
        session.publish(EventLog.event(origin, m -> new Event.RunStarted(m, runId, ordered)));
        ActiveRun run = new ActiveRun(runId, ordered, options, new CompletableFuture<>());
        if (options.freshKernel()) {
            spareWanted = true;
        }
        queue.addRun(run);
        ensureDraining();
        finishCompletedRuns();
        return run;
    }

    /**
     * Runs a read of the kernel (its database's catalog, say) on the kernel thread between
     * cells, making the kernel if there is none yet.
     */
    public <T> CompletableFuture<T> onKernel(Function<Kernel, T> read) {
        return betweenCells(() -> read.apply(kernel()));
    }

    /** A deleted cell: out of the queue; its variables go at the kernel's next step, between cells. */
    public void forget(String cellId) {
        queue.dequeue(cellId);
        queue.release(queue.ownedBy(cellId));
    }

    public void interrupt(Origin origin) {
        for (String cellId : queue.drainQueue()) {
            session.notebook().cell(cellId).ifPresent(c ->
                    session.setState(origin, cellId, x -> x.withStatus(x.neverRan() ? CellStatus.IDLE : CellStatus.STALE)));
        }
        if (queue.running() != null) {
            interruptedStep = stepNumber;
            timers.execute(() -> interruptUntilStopped(interruptedStep));
        }
        finishCompletedRuns();
    }

    /**
     * Interrupts the kernel until the step it targets has ended. Repeating matters: the
     * interrupt may arrive while the kernel is still starting or before the cell's code
     * has begun, when a single Context.interrupt would find nothing to stop. Runs on the
     * timer thread, since Context.interrupt blocks until the cell stops.
     */
    private void interruptUntilStopped(long target) {
        if (stepNumber != target) {
            return;
        }
        Kernel k = kernel.get();
        if (k != null) {
            k.interrupt();
        }
        if (stepNumber == target) {
            timers.schedule(() -> interruptUntilStopped(target), 50, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Throws the kernel away (stopping a running cell) and forgets every variable: each
     * cell that had run becomes stale; the next run starts a fresh kernel.
     */
    public void restart(Origin origin) {
        interrupt(origin);
        kernelUsed = false;
        Kernel old = kernel.getAndSet(null);
        if (old != null) { // off the timer thread: a worker's exit takes up to a second, and every cellar run restarts
            Thread.ofPlatform().daemon().name("kernel-close-" + session.notebookId()).start(old::close);
        }
        kernelLost(origin, null);
    }

    /** The kernel's variables are gone: nothing owns a name any more, and what ran is stale. */
    private void kernelLost(Origin origin, String except) {
        queue.forgetOwners();
        for (Cell c : session.notebook().cells()) {
            if (!c.id().equals(except) && !c.neverRan() && !c.status().isPending() && c.status() != CellStatus.STALE
                    && !session.staticErrors().has(c.id())) {
                session.setState(origin, c.id(), x -> x.withStatus(CellStatus.STALE));
            }
        }
    }

    public void ensureDraining() {
        if (queue.startDraining()) {
            try {
                kernelThread.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                queue.stopDraining();
            }
        }
    }

    /** Whether the kernel has run anything: a fresh run must restart it (one only warmed up is fresh). */
    public boolean kernelUsed() {
        return kernelUsed || queue.running() != null;
    }

    public void finishCompletedRuns() {
        for (ActiveRun run : queue.completedRuns()) {
            session.publish(EventLog.event(Origin.KERNEL, m -> new Event.RunFinished(m, run.runId())));
            run.done().complete(new RunResult(run.runId(), session.infos(run.cellIds())));
        }
    }

    private KernelStep nextStep() {
        Set<String> clear = new HashSet<>(queue.takePendingClear());
        String next = nextRunnable();
        if (next == null) {
            for (String stranded : queue.drainQueue()) { // not in the order: part of a cycle made meanwhile
                session.setState(Origin.KERNEL, stranded, c -> c.withStatus(CellStatus.STALE));
            }
            finishCompletedRuns();
            if (clear.isEmpty()) {
                queue.stopDraining();
                return null;
            }
            return new KernelStep(clear, null, Set.of(), Duration.ZERO, Map.of());
        }
        queue.dequeue(next);
        Cell cell = session.notebook().cell(next).orElseThrow();
        clear.addAll(queue.ownedBy(next));
        clear.addAll(cell.defs());
        queue.started(next, cell.version());
        stepNumber++;
        session.setState(Origin.KERNEL, next, c -> c.withResult(CellStatus.RUNNING, List.of(), null));
        RunOptions options = queue.optionsFor(next);
        return new KernelStep(clear, new CellRun(cell.id(), cell.version(), cell.kind(), cell.code(), cell.out(),
                cell.sqlOptions().conn(), cell.sqlOptions().cache()),
                cell.defs(), options.cellTimeout() != null ? options.cellTimeout() : session.notebook().settings().cellTimeout(),
                cell.parametersCell() ? options.parameters() : Map.of());
    }

    /**
     * The first queued cell in the graph's order as it is now. If the graph changed since
     * the run was planned and that cell now reads a cell that never ran or is stale, that
     * parent is queued first: the plan follows the notebook, not the other way round.
     */
    private String nextRunnable() {
        while (true) {
            String next = queue.firstQueued(session.topologicalOrder());
            if (next == null) {
                return null;
            }
            boolean added = false;
            boolean held = false;
            for (String parent : session.graph().parents(next)) {
                Cell p = session.notebook().cell(parent).orElse(null);
                if (p != null && !queue.isPending(parent) && !session.staticErrors().has(parent) && needsRun(p)) {
                    if (p.kind() == CellKind.SQL && !session.sqlAutoruns(p) && !explicitlyWanted(next)) {
                        held = true; // a query made stale meanwhile: an automatic run does not start it (see start)
                        break;
                    }
                    queue.enqueue(parent);
                    session.setState(Origin.KERNEL, parent, c -> c.withStatus(CellStatus.QUEUED));
                    added = true;
                }
            }
            if (held) {
                for (String cellId : session.graph().withDescendants(List.of(next))) {
                    if (queue.dequeue(cellId)) {
                        session.setState(Origin.KERNEL, cellId, c -> c.withStatus(c.neverRan() ? CellStatus.IDLE : CellStatus.STALE));
                    }
                }
            } else if (!added) {
                return next;
            }
        }
    }

    /** Whether a run someone asked for (not an autorun) planned this cell. */
    private boolean explicitlyWanted(String cellId) {
        return queue.activeRuns().stream().anyMatch(r -> !r.options().automatic() && r.cellIds().contains(cellId));
    }

    /**
     * On the loop: {@code then} now when no cell is running, else as soon as the running cell's
     * result is in (a fresh run after a restart must not have the interrupted cell's result land
     * on the cells it has just queued).
     */
    public void afterRunningStep(Runnable then) {
        if (queue.running() == null) {
            then.run();
        } else {
            whenStepEnds.add(then);
        }
    }

    private void finished(KernelStep step, ExecutionResult result) {
        try {
            stepEnded(step, result);
        } finally {
            List<Runnable> waiting = List.copyOf(whenStepEnds);
            whenStepEnds.clear();
            waiting.forEach(Runnable::run);
        }
    }

    private void stepEnded(KernelStep step, ExecutionResult result) {
        stepNumber++; // no interrupt aimed at the cell that just ended may reach the next one
        boolean invalidated = queue.finished();
        String cellId = step.cell().cellId();
        Cell cell = session.notebook().cell(cellId).orElse(null);
        if (cell == null) { // deleted while it ran: what it just bound goes at the next step
            queue.release(step.defs());
            ensureDraining();
            finishCompletedRuns();
            return;
        }
        queue.own(cellId, step.defs());
        if (result.kernelLost()) {
            kernelLost(Origin.KERNEL, cellId);
        }
        if (session.staticErrors().has(cellId)) {
            // it became a duplicate definition or part of a cycle while it ran: that verdict stands
            finishCompletedRuns();
            return;
        }
        if (cell.version() != step.cell().version()) {
            // the code changed while it ran: this result is not the new code's
            CellStatus status = queue.isQueued(cellId) ? CellStatus.QUEUED : CellStatus.STALE;
            session.setState(Origin.KERNEL, cellId, c -> c.withStatus(status));
        } else {
            List<Output> outputs = new ArrayList<>(cell.outputs());
            if (result.display() != null) {
                outputs.add(result.display());
            }
            CellStatus status = switch (result.outcome()) {
                case OK -> invalidated ? CellStatus.STALE : CellStatus.OK;
                case ERROR -> CellStatus.ERROR;
                case INTERRUPTED -> CellStatus.INTERRUPTED;
            };
            if (queue.isQueued(cellId)) {
                status = CellStatus.QUEUED;
            }
            CellStatus finalStatus = status;
            session.setState(Origin.KERNEL, cellId, c -> c.finished(finalStatus, outputs, result.error()));
            if (result.outcome() != ExecutionResult.Outcome.OK) {
                blockDescendants(cellId, result.error());
                if (queue.optionsFor(cellId).failFast()) {
                    stopRunsOf(cellId);
                }
            }
        }
        finishCompletedRuns();
    }

    /** --fail-fast: nothing more of the runs that planned this cell runs after it failed. */
    private void stopRunsOf(String failed) {
        CellError stopped = CellError.of("NotRun", "not run: cell " + failed + " failed and the run stops at the first failure");
        for (ActiveRun run : queue.activeRuns()) {
            if (run.options().failFast() && run.cellIds().contains(failed)) {
                for (String cellId : run.cellIds()) {
                    if (queue.dequeue(cellId)) {
                        session.setState(Origin.KERNEL, cellId, c -> c.withResult(CellStatus.BLOCKED, List.of(), stopped));
                    }
                }
            }
        }
    }

    private void blockDescendants(String failed, CellError cause) {
        CellError blocked = CellError.of("BlockedError", "upstream cell " + failed + " failed: " + cause.summary());
        for (String cellId : session.graph().withDescendants(List.of(failed))) {
            if (!cellId.equals(failed) && queue.dequeue(cellId)) {
                session.setState(Origin.KERNEL, cellId, c -> c.withResult(CellStatus.BLOCKED, List.of(), blocked));
            }
        }
    }

    private boolean needsRun(Cell cell) {
        return cell.runnable() && switch (cell.status()) {
            case IDLE, STALE, INTERRUPTED, BLOCKED -> true;
            default -> false;
        };
    }

    // ---- on the kernel thread

    private void drain() {
        while (true) {
            readBetweenCells(); // a viewer's page waits for the running cell, not for the whole run
            KernelStep step;
            try {
                step = session.onLoop(this::nextStep).join();
            } catch (RuntimeException closed) {
                return;
            }
            if (step == null) {
                return;
            }
            ExecutionResult result;
            try {
                if (closed) {
                    return;
                }
                Kernel k = kernel();
                k.clear(step.clear());
                if (step.cell() == null) {
                    continue;
                }
                kernelUsed = true;
                result = interruptedStep == stepNumber ? interruptedBeforeStart() : execute(k, step);
                if (result.outcome() == ExecutionResult.Outcome.OK && !step.assignAfter().isEmpty()) {
                    k.assign(step.assignAfter());
                }
            } catch (RuntimeException e) {
                if (step.cell() == null) {
                    continue;
                }
                result = ExecutionResult.error(CellError.of("KernelError", "the kernel failed: " + e.getMessage()));
            }
            ExecutionResult ended = result;
            try {
                session.onLoop(() -> {
                    finished(step, ended);
                    return null;
                });
            } catch (RejectedExecutionException closed) {
                return;
            }
        }
    }

    /**
     * A table output's handle as clients see it: the kernel's number, then the kernel's own
     * handle, checked (what a worker sends is untrusted: anything but {@code py:N}/{@code sql:N}
     * makes the table one without more rows).
     */
    private static Output tagged(Output output, long kernelNo) {
        if (output instanceof Output.Table t && t.handle() != null) {
            return t.withHandle(KERNEL_HANDLE.matcher(t.handle()).matches() ? kernelNo + "." + t.handle() : null);
        }
        return output;
    }

    /**
     * A page of a table output (its handle as {@link #tagged} made it). Reads of the daemon's
     * spools run at once on a virtual thread; the kernel's own tables on the kernel thread between
     * cells, since the kernel is busy while one runs. Never makes a kernel: a table from one that
     * is gone is gone.
     */
    public CompletableFuture<dev.cellar.protocol.method.TableRows> readTable(String handle,
                                                                             dev.cellar.daemon.execution.TableQuery query) {
        int dot = handle.indexOf('.');
        long number;
        try {
            number = Long.parseLong(handle.substring(0, Math.max(dot, 0)));
        } catch (NumberFormatException e) {
            return CompletableFuture.failedFuture(dev.cellar.daemon.execution.TableQuery.gone("it is not this daemon's"));
        }
        Kernel k = kernel.get();
        if (k == null || number != kernelNumber) {
            return CompletableFuture.failedFuture(dev.cellar.daemon.execution.TableQuery.gone("the kernel restarted since the cell ran"));
        }
        dev.cellar.daemon.execution.TableQuery own = query.withHandle(handle.substring(dot + 1));
        java.util.function.Supplier<dev.cellar.protocol.method.TableRows> read = () -> {
            if (kernel.get() != k) {
                throw dev.cellar.daemon.execution.TableQuery.gone("the kernel restarted since the cell ran");
            }
            dev.cellar.protocol.method.TableRows rows = k.tableRows(own);
            return new dev.cellar.protocol.method.TableRows(handle, rows.columns(), rows.totalRows(), rows.matchingRows(),
                    rows.offset(), rows.rows());
        };
        if (k.readsAnyTime(own.handle())) {
            return CompletableFuture.supplyAsync(read, TABLE_READERS);
        }
        return betweenCells(read);
    }

    /**
     * Runs {@code read} on the kernel thread between cells (not after the whole run): the
     * kernel, and its database connection, are only ever used by that thread.
     */
    private <T> CompletableFuture<T> betweenCells(java.util.function.Supplier<T> read) {
        CompletableFuture<T> done = new CompletableFuture<>();
        kernelReads.add(() -> {
            try {
                done.complete(read.get());
            } catch (RuntimeException | LinkageError e) { // a driver that cannot load must not leave the caller waiting
                done.completeExceptionally(e);
            }
        });
        try {
            kernelThread.execute(this::readBetweenCells);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(dev.cellar.daemon.execution.TableQuery.gone("the notebook was closed"));
        }
        return done;
    }

    private static final java.util.concurrent.Executor TABLE_READERS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    /**
     * On the loop: deleted or edited cells' kept tables go, on the kernel thread between cells
     * (before the next step, so a re-run keeps its new table). No kernel: nothing is kept.
     */
    public void dropTables(java.util.Set<String> cellIds) {
        Kernel k = kernel.get();
        if (k == null || cellIds.isEmpty()) {
            return;
        }
        java.util.Set<String> ids = java.util.Set.copyOf(cellIds);
        betweenCells(() -> {
            if (kernel.get() == k) {
                k.dropTables(ids);
            }
            return null;
        }).exceptionally(e -> { // a closed notebook's kernel goes with it; anything else only costs memory
            System.getLogger("cellar.tables").log(System.Logger.Level.DEBUG, "dropping kept tables failed", e);
            return null;
        });
    }

    /** Kernel thread: the reads asked for meanwhile (table pages, the catalog) and tables to drop. */
    private void readBetweenCells() {
        for (Runnable r = kernelReads.poll(); r != null; r = kernelReads.poll()) {
            r.run();
        }
    }

    private static ExecutionResult interruptedBeforeStart() {
        return ExecutionResult.interrupted(CellError.of("Interrupted", "the cell was interrupted before it started"));
    }

    private ExecutionResult execute(Kernel k, KernelStep step) {
        CellRun cell = step.cell();
        k.warmUp(cell); // a worker that starts now does so before the cell's time limit starts counting
        if (spareWanted) { // once this kernel has its worker: the next one's starts meanwhile, in the background
            spareWanted = false;
            k.keepSpare();
        }
        long thisStep = stepNumber;
        long thisKernel = kernelNumber;
        if (interruptedStep == thisStep || closed) { // while the worker started (seconds for GraalPy): the cell never runs
            return interruptedBeforeStart();
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> limit = step.timeout().isZero() ? null : timers.schedule(() -> {
            timedOut.set(true);
            interruptUntilStopped(thisStep); // repeated: a worker escalates to kill + restart
        }, step.timeout().toMillis(), TimeUnit.MILLISECONDS);
        ExecutionResult result = k.execute(cell, new OutputSink() {
            @Override
            public void write(String stream, String text) {
                whileRunning(cell, () -> session.appendStream(cell.cellId(), stream, text));
            }

            @Override
            public void display(Output output) {
                Output tagged = tagged(output, thisKernel);
                whileRunning(cell, () -> session.appendOutput(cell.cellId(), tagged));
            }
        });
        if (result.display() != null) {
            result = new ExecutionResult(tagged(result.display(), thisKernel), result.error(), result.outcome(),
                    result.kernelLost());
        }
        if (limit != null) {
            limit.cancel(false);
        }
        if (timedOut.get() && result.outcome() == ExecutionResult.Outcome.INTERRUPTED) {
            ExecutionResult timeout = ExecutionResult.error(CellError.of("TimeoutError",
                    "the cell ran longer than its limit of " + step.timeout().toMillis() / 1000.0 + " s"
                            + (result.kernelLost() ? "; it did not stop, so its kernel was restarted: variables were lost" : "")));
            return result.kernelLost() ? timeout.withKernelLost() : timeout;
        }
        return result;
    }

    /**
     * Output of a cell reaches the notebook only while that very run of it is the one
     * running, and only while its code is still the code that runs: what an edited cell's
     * old code prints is not the new code's output.
     */
    private void whileRunning(CellRun cell, Runnable change) {
        session.onLoop(() -> {
            if (queue.isRunning(cell.cellId(), cell.version()) && session.cellVersion(cell.cellId()) == cell.version()) {
                change.run();
            }
            return null;
        });
    }

    private Kernel kernel() {
        Kernel k = kernel.get();
        if (k == null) {
            // on the kernel thread: the committed notebook as published (volatile, immutable), never the
            // loop's accessor, which folds streamed text in and so writes loop-owned state
            Notebook nb = session.current();
            Settings s = nb.settings();
            kernelNumber++;
            k = kernels.apply(new KernelSpec(nb.path(), session.interpreter(), s.sqlUrl(), s.duckdbFile(),
                    s.previewRows(), s.maxRows(), s.memoryLimit(), session.confinement(), s.env(), s.conns()));
            kernel.set(k);
        }
        return k;
    }

    /**
     * On the command loop: no more steps; waiting runs fail; the kernel closes after its current
     * cell stops. The future completes once it has (its worker process ended), so a closed
     * notebook leaves nothing running behind it.
     */
    public CompletableFuture<Void> close() {
        closed = true;
        queue.drainQueue();
        for (ActiveRun run : queue.activeRuns()) {
            run.done().completeExceptionally(new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND,
                    "the notebook was closed before the run ended"));
        }
        Kernel k = kernel.get();
        if (k != null && queue.running() != null) {
            timers.execute(k::close); // stops the running cell at once, however stubborn
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        kernelThread.execute(() -> {
            try {
                Kernel last = kernel.getAndSet(null);
                if (last != null) {
                    last.close();
                }
            } finally {
                stopped.complete(null);
            }
        });
        kernelThread.shutdown();
        return stopped;
    }
}
