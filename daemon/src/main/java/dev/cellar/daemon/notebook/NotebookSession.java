package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.store.StoredCell;
import dev.cellar.daemon.store.StoredNotebook;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.Empty;
import dev.cellar.protocol.method.RevisionResult;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.method.SubscribeResult;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The one writer of one notebook. Every change of the notebook (cells, revision, graph,
 * statuses, outputs, the kernel's variable bookkeeping) happens in a command handled on
 * this session's command loop: a single thread draining a queue. Requests come in through
 * {@link #submit}; the kernel thread ({@link NotebookRunner}) reports back through the
 * same loop. A handler validates, computes the new immutable notebook, saves it durably,
 * and only then assigns it ({@link #commit}) and publishes its events.
 */
public final class NotebookSession implements AutoCloseable {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int EVENTS_KEPT = 10_000;

    private final String id;
    private final SessionServices services;
    private final ExecutorService loop;
    private final EventLog events;
    private final NotebookRunner runner;
    private final StaticErrors staticErrors = new StaticErrors();

    // state of the command loop: assigned only on the loop thread
    private Notebook notebook;
    private DependencyGraph graph;
    private List<String> topologicalOrder;
    private boolean closed;

    private NotebookSession(String id, Notebook notebook, SessionServices services) {
        this.id = id;
        this.services = services;
        this.notebook = notebook;
        this.loop = Executors.newSingleThreadExecutor(r -> daemonThread(r, "notebook-" + id));
        this.events = new EventLog(id, EVENTS_KEPT);
        Map<String, Analysis> analyses = new HashMap<>();
        notebook.cells().forEach(c -> analyses.put(c.id(), c.analysis()));
        this.graph = DependencyGraph.of(analyses);
        this.runner = new NotebookRunner(this, services, notebook.path().getParent());
        loop.execute(() -> refreshStaticErrors(Origin.KERNEL));
    }

    /** Reads the notebook file (creating an empty one when asked) and analyses every cell. */
    public static NotebookSession open(String id, Path path, boolean create, SessionServices services) {
        try {
            if (!java.nio.file.Files.exists(path)) {
                if (!create) {
                    throw new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND,
                            "no notebook at " + path + " (create it with: cellar new " + path + ")");
                }
                services.store().save(new Notebook(path, "", Settings.DEFAULTS, 0, List.of()));
            } else if (!java.nio.file.Files.isRegularFile(path)) {
                throw new RpcException(ErrorCode.NOTEBOOK_IO, path + " is not a file");
            }
            StoredNotebook stored = services.store().read(path);
            return new NotebookSession(id, toNotebook(path, stored, services.analyzer()), services);
        } catch (IOException e) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, "cannot read notebook " + path + ": " + e.getMessage());
        }
    }

    private static Notebook toNotebook(Path path, StoredNotebook stored, CellAnalyzer analyzer) {
        List<Analysis> analyses = analyzer.analyze(stored.cells().stream()
                .map(c -> new CellAnalyzer.Source(c.kind(), c.code(), c.out())).toList());
        Set<String> taken = new HashSet<>();
        stored.cells().forEach(c -> {
            if (c.id() != null) {
                taken.add(c.id());
            }
        });
        Set<String> used = new HashSet<>();
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < stored.cells().size(); i++) {
            StoredCell c = stored.cells().get(i);
            // cells without an id (or with a duplicate one) get a fresh id, written on the first save
            String cellId = c.id() != null && used.add(c.id()) ? c.id() : CellIds.next(taken);
            taken.add(cellId);
            used.add(cellId);
            cells.add(Cell.fresh(cellId, c.kind(), c.code(), c.out(), c.markerExtra(), analyses.get(i), null));
        }
        return new Notebook(path, stored.header(), stored.settings(), 0, cells);
    }

    public String id() {
        return id;
    }

    public Path path() {
        return notebook.path();
    }

    /** A consistent summary for listings, read without queueing behind running commands. */
    public Notebook current() {
        return notebook;
    }

    /**
     * Handles a command on the command loop. The future completes with the method's result
     * (for a run with {@code awaitResult}, when the run has ended) or fails with an
     * {@link RpcException} for a request that cannot be carried out.
     */
    public CompletableFuture<Object> submit(Origin origin, Command command) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    if (closed) {
                        throw new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND, "notebook " + id + " was closed");
                    }
                    Object value = handle(origin, command);
                    if (value instanceof CompletableFuture<?> pending) {
                        pending.whenComplete((v, e) -> {
                            if (e != null) {
                                result.completeExceptionally(e);
                            } else {
                                result.complete(v);
                            }
                        });
                    } else {
                        result.complete(value);
                    }
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND, "notebook " + id + " was closed"));
        }
        return result;
    }

    private Object handle(Origin origin, Command command) {
        return switch (command) {
            case Command.Snapshot s -> snapshot();
            case Command.Subscribe s -> new SubscribeResult(events.subscribe(s.subscriber(), s.sinceSeq()));
            case Command.Unsubscribe u -> {
                events.unsubscribe(u.subscriber());
                yield Empty.INSTANCE;
            }
            case Command.CreateCell c -> createCell(origin, c);
            case Command.UpdateCell u -> updateCell(origin, u);
            case Command.DeleteCell d -> deleteCell(origin, d);
            case Command.MoveCell m -> moveCell(origin, m);
            case Command.Run r -> run(origin, r);
            case Command.Interrupt i -> {
                runner.interrupt(origin);
                yield Empty.INSTANCE;
            }
        };
    }

    // ---- mutations of the notebook's content: validate, compute, save, commit, publish

    private CellResult createCell(Origin origin, Command.CreateCell c) {
        CellKind kind = c.kind() == null ? CellKind.PYTHON : c.kind();
        String code = c.code() == null ? "" : c.code();
        int index = insertionIndex(c);
        String out = c.out();
        if (out != null && !IDENTIFIER.matcher(out).matches()) {
            throw invalid("out must be a Python identifier, not '" + out + "'");
        }
        if (out != null && kind != CellKind.SQL) {
            throw invalid("only SQL cells have an out variable");
        }
        Set<String> taken = new HashSet<>();
        notebook.cells().forEach(x -> taken.add(x.id()));
        Analysis analysis = services.analyzer().analyze(new CellAnalyzer.Source(kind, code, out));
        Cell cell = Cell.fresh(CellIds.next(taken), kind, code, out, "", analysis, origin.actor());
        List<Cell> cells = new ArrayList<>(notebook.cells());
        cells.add(index, cell);
        commit(notebook.revise(cells), graph.with(cell.id(), analysis));
        events.publish(event(EventType.CELL_CREATED, origin).cell(cell.toInfo()).index(index).revision(notebook.revision()));
        refreshStaticErrors(origin);
        autorun(origin, cell);
        return new CellResult(info(cell.id()), notebook.revision());
    }

    private CellResult updateCell(Origin origin, Command.UpdateCell u) {
        Cell cell = requireCell(u.cellId());
        checkVersion(cell, u.expectedVersion());
        if (u.code() == null) {
            throw invalid("code is required");
        }
        if (u.code().equals(cell.code())) {
            return new CellResult(cell.toInfo(), notebook.revision());
        }
        Set<String> oldDescendants = graph.withDescendants(List.of(cell.id()));
        Analysis analysis = services.analyzer().analyze(new CellAnalyzer.Source(cell.kind(), u.code(), cell.out()));
        Cell edited = cell.withSource(u.code(), analysis, origin.actor());
        if (!cell.neverRan() || cell.status() == CellStatus.RUNNING) {
            edited = edited.withStatus(CellStatus.STALE);
        }
        List<Cell> cells = new ArrayList<>(notebook.cells());
        cells.set(notebook.indexOf(cell.id()), edited);
        commit(notebook.revise(cells), graph.with(cell.id(), analysis));
        events.publish(event(EventType.CELL_UPDATED, origin).cell(edited.toInfo()).revision(notebook.revision())
                .lastWriterWins(u.expectedVersion() == null));
        // names this cell no longer defines must not linger in the kernel for its readers
        Set<String> dropped = runner.queue().ownedBy(cell.id());
        dropped.removeAll(analysis.defs());
        runner.queue().release(dropped);
        Set<String> affected = new LinkedHashSet<>(oldDescendants);
        affected.addAll(graph.withDescendants(List.of(cell.id())));
        affected.remove(cell.id());
        markStale(origin, affected);
        refreshStaticErrors(origin);
        autorun(origin, edited);
        runner.ensureDraining();
        return new CellResult(info(cell.id()), notebook.revision());
    }

    private RevisionResult deleteCell(Origin origin, Command.DeleteCell d) {
        Cell cell = requireCell(d.cellId());
        checkVersion(cell, d.expectedVersion());
        Set<String> dependents = graph.withDescendants(List.of(cell.id()));
        dependents.remove(cell.id());
        List<Cell> cells = new ArrayList<>(notebook.cells());
        cells.remove(notebook.indexOf(cell.id()));
        commit(notebook.revise(cells), graph.without(cell.id()));
        runner.queue().dequeue(cell.id());
        // the names go at the kernel's next step, between cells: never under a running cell
        runner.queue().release(runner.queue().ownedBy(cell.id()));
        events.publish(event(EventType.CELL_DELETED, origin).cellId(cell.id()).revision(notebook.revision()));
        markStale(origin, dependents);
        refreshStaticErrors(origin);
        runner.ensureDraining();
        runner.finishCompletedRuns();
        return new RevisionResult(notebook.revision());
    }

    private RevisionResult moveCell(Origin origin, Command.MoveCell m) {
        Cell cell = requireCell(m.cellId());
        if (m.index() < 0 || m.index() >= notebook.cells().size()) {
            throw invalid("index " + m.index() + " is out of range 0.." + (notebook.cells().size() - 1));
        }
        List<Cell> cells = new ArrayList<>(notebook.cells());
        cells.remove(notebook.indexOf(cell.id()));
        cells.add(m.index(), cell);
        commit(notebook.revise(cells), graph);
        events.publish(event(EventType.CELL_MOVED, origin).cellId(cell.id()).index(m.index()).revision(notebook.revision()));
        return new RevisionResult(notebook.revision());
    }

    /**
     * The only assignment of the notebook's content. The new notebook is durable on disk
     * before anything sees it; a failed save leaves both the file and the session as they were.
     */
    private void commit(Notebook next, DependencyGraph nextGraph) {
        try {
            services.store().save(next);
        } catch (IOException e) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, "cannot save " + next.path() + ": " + e.getMessage()
                    + " (the file on disk is unchanged)");
        }
        notebook = next;
        if (nextGraph != graph) {
            graph = nextGraph;
        }
        topologicalOrder = null;
    }

    // ---- run state: changes to statuses and outputs, no new revision

    private Object run(Origin origin, Command.Run r) {
        List<String> roots;
        if (r.cellIds() == null) {
            roots = notebook.cells().stream().filter(Cell::runnable).map(Cell::id).toList();
        } else {
            if (r.cellIds().isEmpty()) {
                throw invalid("cellIds must name at least one cell");
            }
            r.cellIds().forEach(this::requireCell);
            roots = r.cellIds();
        }
        dev.cellar.daemon.run.ActiveRun started = runner.start(origin, roots);
        return r.awaitResult() ? started.done() : new RunResult(started.runId(), null);
    }

    private void autorun(Origin origin, Cell cell) {
        if (notebook.settings().autorun() && cell.runnable() && !cell.code().isBlank()) {
            runner.start(origin, List.of(cell.id()));
        }
    }

    /** Cells whose inputs changed: their outputs no longer match the code upstream. */
    void markStale(Origin origin, Set<String> cellIds) {
        for (String cellId : cellIds) {
            Cell cell = notebook.cell(cellId).orElse(null);
            if (cell == null || staticErrors.has(cellId)) {
                continue;
            }
            if (cell.status() == CellStatus.RUNNING) {
                runner.queue().invalidateRunning();
            } else if (cell.status() != CellStatus.QUEUED && !cell.neverRan() && cell.status() != CellStatus.STALE) {
                setState(origin, cellId, c -> c.withStatus(CellStatus.STALE));
            }
        }
    }

    /** Applies the graph's and the parser's verdicts: cells that cannot run show why, and stop showing it when fixed. */
    private void refreshStaticErrors(Origin origin) {
        Map<String, CellError> now = StaticErrors.compute(notebook, graph);
        for (Cell cell : notebook.cells()) {
            CellError before = staticErrors.get(cell.id());
            CellError after = now.get(cell.id());
            if (Objects.equals(before, after)) {
                continue;
            }
            if (after != null) {
                runner.queue().dequeue(cell.id());
                setState(origin, cell.id(), c -> c.withResult(CellStatus.ERROR, List.of(), after));
            } else if (cell.status() == CellStatus.ERROR) {
                setState(origin, cell.id(), c -> c.withResult(CellStatus.IDLE, List.of(), null));
            }
        }
        staticErrors.replace(now);
        runner.finishCompletedRuns();
    }

    /** Changes a cell's run state (no new revision: nothing to save) and tells every subscriber. */
    void setState(Origin origin, String cellId, java.util.function.UnaryOperator<Cell> change) {
        notebook = notebook.withCellState(cellId, change);
        events.publish(event(EventType.CELL_STATE, origin).cell(notebook.cell(cellId).orElseThrow().toInfo()));
    }

    /** A streamed chunk: appended to the cell's outputs and sent as a delta, not a whole cell. */
    void appendStream(String cellId, String stream, String text) {
        notebook = notebook.withCellState(cellId, c -> c.withStreamText(stream, text));
        events.publish(event(EventType.CELL_OUTPUT, Origin.KERNEL).cellId(cellId)
                .output(new dev.cellar.protocol.model.Output.Stream(stream, text)));
    }

    void publish(Event.Builder builder) {
        events.publish(builder);
    }

    // ---- read access for the runner (on the loop)

    Notebook notebook() {
        return notebook;
    }

    DependencyGraph graph() {
        return graph;
    }

    StaticErrors staticErrors() {
        return staticErrors;
    }

    List<String> topologicalOrder() {
        if (topologicalOrder == null) {
            topologicalOrder = graph.topologicalOrder(notebook.cells().stream().map(Cell::id).toList());
        }
        return topologicalOrder;
    }

    /** Runs a task on the command loop; how the kernel thread reports back. */
    <T> CompletableFuture<T> onLoop(java.util.function.Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, loop);
    }

    List<CellInfo> infos(List<String> cellIds) {
        Set<String> wanted = new HashSet<>(cellIds);
        return notebook.cells().stream().filter(c -> wanted.contains(c.id())).map(Cell::toInfo).toList();
    }

    private NotebookSnapshot snapshot() {
        return new NotebookSnapshot(id, notebook.path().toString(), notebook.revision(), events.seq(),
                notebook.cells().stream().map(Cell::toInfo).toList());
    }

    private CellInfo info(String cellId) {
        return requireCell(cellId).toInfo();
    }

    static Event.Builder event(EventType type, Origin origin) {
        return Event.of(type).actor(origin.actor()).requestId(origin.requestId());
    }

    private int insertionIndex(Command.CreateCell c) {
        int size = notebook.cells().size();
        if (c.index() != null && c.afterCellId() != null) {
            throw invalid("give index or afterCellId, not both");
        }
        if (c.afterCellId() != null) {
            return notebook.indexOf(requireCell(c.afterCellId()).id()) + 1;
        }
        if (c.index() == null) {
            return size;
        }
        if (c.index() < 0 || c.index() > size) {
            throw invalid("index " + c.index() + " is out of range 0.." + size);
        }
        return c.index();
    }

    private Cell requireCell(String cellId) {
        if (cellId == null) {
            throw invalid("cellId is required");
        }
        return notebook.cell(cellId).orElseThrow(() -> new RpcException(ErrorCode.CELL_NOT_FOUND,
                "no cell " + cellId + " in " + notebook.path().getFileName()));
    }

    private static void checkVersion(Cell cell, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != cell.version()) {
            throw new RpcException(ErrorCode.CONFLICT, "cell " + cell.id() + " is at version " + cell.version()
                    + ", not " + expectedVersion + ": it was changed since you read it",
                    Json.MAPPER.createObjectNode().set("cell", Json.tree(cell.toInfo())));
        }
    }

    private static RpcException invalid(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }

    /** Stops the kernel and the loop; waiting runs fail, subscribers hear that the notebook closed. */
    @Override
    public void close() {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            closed = true;
            runner.close();
            events.publish(event(EventType.NOTEBOOK_CLOSED, Origin.KERNEL));
        }, loop);
        done.join();
        loop.shutdown();
    }

    static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
