package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.event.Attendee;
import dev.cellar.daemon.event.Draft;
import dev.cellar.daemon.event.EventLog;
import dev.cellar.daemon.event.OutputDeltas;
import dev.cellar.daemon.event.Presence;
import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.kernel.Confinement;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.CellIds;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.model.OutputBudget;
import dev.cellar.daemon.model.Settings;
import dev.cellar.daemon.run.NotebookRunner;
import dev.cellar.daemon.run.RunHost;
import dev.cellar.daemon.run.StaticErrors;
import dev.cellar.daemon.sql.SqlConnections;
import dev.cellar.daemon.store.DiskVersion;
import dev.cellar.daemon.store.HeaderRights;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.daemon.store.StoredCell;
import dev.cellar.daemon.store.StoredNotebook;
import dev.cellar.daemon.trust.Rights;
import dev.cellar.daemon.trust.Trust;
import dev.cellar.daemon.trust.Verdict;
import dev.cellar.daemon.turn.TurnCheckpoints;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.method.Empty;
import dev.cellar.protocol.method.PresenceResult;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.method.SubscribeResult;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.KernelInfo;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one writer of one notebook. Every change of the notebook (cells, revision, graph,
 * statuses, outputs, the kernel's variable bookkeeping) happens on this session's
 * {@link CommandLoop}. Requests come in through {@link #submit}; the kernel thread
 * ({@link NotebookRunner}) reports back through the same loop.
 *
 * <p>A mutation is validated and turned into an {@link Edit} at once, but takes effect
 * only at the end of the burst of commands it arrived in ({@link #commitBurst}): the burst's
 * edits are saved with one durable write, and only then applied, published and answered.
 * A failed save answers every edit of the burst with the error and changes nothing.
 */
public final class NotebookSession implements AutoCloseable {
    private static final int EVENTS_KEPT = 10_000;
    private static final System.Logger LOG = System.getLogger("cellar.notebook");

    private final String id;
    private final SessionServices services;
    private final CommandLoop loop;
    private final EventLog events;
    private final NotebookRunner runner;
    private final NotebookEdits edits;
    private final CellAnalyzer analyzer;
    private final EditConsequences consequences = new EditConsequences(this);
    /** The files SQL cells read, as dependencies: changes the watcher reports make their readers stale. */
    private final DataFiles dataFiles = new DataFiles(this, FILE);
    private final StaticErrors staticErrors = new StaticErrors();
    private final Presence presence = new Presence();
    private final TurnCheckpoints checkpoints;
    private final TurnRewind rewinds;
    /**
     * The settings, Python and confinement it runs with, chosen when it opens; chosen again
     * only on the loop, with the kernel restarted, when a person confirms ({@link #reconsider}).
     */
    private volatile SessionSetup setup;
    private final List<String> problems;

    // state of the command loop: assigned only on the loop thread (volatile for the daemon's listings)
    private volatile Notebook notebook;
    private DependencyGraph graph;
    private List<String> topologicalOrder;
    private boolean closed;
    /** Outputs of cells that are streaming now; folded into {@link #notebook} only when someone reads it. */
    private final Map<String, OutputBudget> streaming = new HashMap<>();
    private final Set<String> unsynced = new HashSet<>();
    private final OutputDeltas deltas;

    // the burst: edits validated but not yet durable, and the content they will produce
    private final List<PendingEdit> burst = new ArrayList<>();
    private Notebook burstNotebook;

    /** The file as last written or read: a save first checks the file is still that. */
    private DiskVersion onDisk;
    /** The versions of the file the daemon wrote or read lately, newest last: the bases an outside writer may have read. */
    private final java.util.ArrayDeque<Map<String, String>> recent = new java.util.ArrayDeque<>();
    private static final int RECENT_VERSIONS = 8;
    /** Why edits are refused: the file was moved or deleted outside Cellar (null: it is there). */
    private String fileGone;
    /** The last merge of the file kept edits of the daemon's that the file lacked (it must be written again). */
    private boolean keptOurs;
    /** Header settings from the file that wait for a person (they would widen what the notebook may do). */
    private volatile List<String> heldSettings = List.of();
    /** The widening settings the notebook runs with: what a header from the file is judged against. */
    private Rights running;

    /** {@code touched}: existing cells the edit changes or removes, against which an outside change conflicts. */
    private record PendingEdit(Origin origin, Edit edit, Set<String> touched, CompletableFuture<Object> reply) {
    }

    private static final Origin FILE = new Origin(FileMerge.ACTOR, null);
    /** Saves in a row that may find another writer's change swapped out before one holds. */
    private static final int MAX_SAVE_ROUNDS = 5;

    private NotebookSession(String id, Notebook notebook, DiskVersion onDisk, SessionSetup setup, List<String> problems,
                            SessionServices services) {
        this.id = id;
        this.onDisk = onDisk;
        this.recent.add(FileMerge.version(notebook));
        this.setup = setup;
        this.running = setup.verdict().effective();
        Interpreter interpreter = setup.interpreter();
        this.problems = List.copyOf(problems);
        this.services = services;
        this.notebook = notebook;
        this.events = new EventLog(id, EVENTS_KEPT);
        Map<String, Analysis> analyses = new HashMap<>();
        notebook.cells().forEach(c -> analyses.put(c.id(), c.analysis()));
        this.graph = DependencyGraph.of(analyses);
        this.runner = new NotebookRunner(new RunnerView(), services.kernels(), services.timers());
        this.analyzer = services.analyzers().forInterpreter(interpreter);
        this.edits = new NotebookEdits(this, analyzer);
        this.checkpoints = new TurnCheckpoints(this::path);
        this.rewinds = new TurnRewind(this, services.analyzers().forInterpreter(interpreter), checkpoints);
        this.loop = new CommandLoop("notebook-" + id, this::commitBurst);
        this.deltas = new OutputDeltas(events, services.timers(), loop);
        loop.execute(() -> {
            refreshStaticErrors(Origin.KERNEL);
            dataFiles.refreshFolders();
        });
        if (services.prestartGraalPy() && interpreter.embedded()) {
            runner.warmUp();
        }
    }

    /** Reads the notebook file (creating an empty one when asked) and analyses every cell. */
    public static NotebookSession open(String id, Path path, boolean create, SessionServices services) {
        try {
            boolean created = !Files.exists(path);
            if (created) {
                if (!create) {
                    throw new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND,
                            "no notebook at " + path + " (create it with: cellar new " + path + ")");
                }
                services.store().save(new Notebook(path, "", Settings.DEFAULTS, 0, List.of()));
            } else {
                String refused = services.store().refusal(path);
                if (refused != null) {
                    throw new RpcException(ErrorCode.NOTEBOOK_IO, refused);
                }
                services.store().removeStaleTemps(path);
            }
            DiskVersion onDisk = services.store().current(path);
            if (onDisk == null) {
                throw new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND, "no notebook at " + path);
            }
            StoredNotebook stored = services.store().parse(path, onDisk);
            // the header's settings, held back where they widen rights beyond what a person confirmed
            SessionSetup setup = SessionSetup.choose(path, stored.header(), created, services);
            CellAnalyzer analyzer = services.analyzers().forInterpreter(setup.interpreter());
            List<String> problems = new ArrayList<>(stored.problems());
            Notebook notebook = toNotebook(path, stored, setup.settings(), analyzer, problems);
            problems.forEach(p -> LOG.log(System.Logger.Level.WARNING, path + ": " + p));
            if (setup.pending() != null) {
                LOG.log(System.Logger.Level.WARNING, path + ": " + setup.pending());
            }
            return new NotebookSession(id, notebook, onDisk, setup, problems, services);
        } catch (IOException e) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, "cannot read notebook " + path + ": " + e.getMessage());
        }
    }

    private static Notebook toNotebook(Path path, StoredNotebook stored, Settings settings, CellAnalyzer analyzer,
                                       List<String> problems) {
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
            if (c.id() != null && !cellId.equals(c.id())) {
                problems.add("cell id " + c.id() + " appears more than once; cell [" + i + "] now has id " + cellId
                        + " (written on the next save)");
            }
            taken.add(cellId);
            used.add(cellId);
            cells.add(Cell.fresh(cellId, c.kind(), c.code(), c.out(), c.markerExtra(), analyses.get(i), null).withFile(c.file()));
        }
        return new Notebook(path, stored.header(), settings, 0, cells);
    }

    public String id() {
        return id;
    }

    public Path path() {
        return notebook.path();
    }

    public Interpreter interpreter() {
        return setup.interpreter();
    }

    public Confinement confinement() {
        return setup.confinement();
    }

    /**
     * Chooses again what this notebook runs with, from its header as the session has it and
     * the trust records: after a person confirmed, or (the file watcher) after the header
     * changed. When the Python, the confinement or the database differ, the kernel restarts on
     * them (cells that ran become stale); clients get a {@code kernelChanged} event either way.
     * Completes with the kernel as it is then.
     */
    public CompletableFuture<KernelInfo> reconsider(Origin origin) {
        return header()
                .thenApplyAsync(header -> SessionSetup.choose(path(), header, false, services))
                .thenCompose(next -> onLoop(() -> {
                    heldSettings = List.of(); // a person looked at the header as written and took it
                    running = next.verdict().effective();
                    return adopt(origin, next);
                }));
    }

    private KernelInfo adopt(Origin origin, SessionSetup next) {
        commitBurst();
        SessionSetup before = setup;
        setup = next;
        if (!next.settings().equals(notebook.settings())) {
            Notebook n = notebook();
            notebook = new Notebook(n.path(), n.header(), next.settings(), n.revision(), n.cells());
        }
        if (before.kernelDiffers(next)) {
            LOG.log(System.Logger.Level.INFO, path() + ": the kernel restarts on " + next.interpreter().describe()
                    + ", sandbox " + next.confinement().name());
            runner.restart(origin);
        }
        KernelInfo kernel = kernelInfo();
        publishEvent(EventLog.event(origin, m -> new Event.KernelChanged(m, kernel, null)));
        return kernelInfo();
    }

    /**
     * {@code notebook.confirm}: what waits for a person's confirmation ({@code dryRun}), or
     * records it and runs on it. {@code interpreterSha256}: the hash the person was shown.
     */
    public CompletableFuture<dev.cellar.protocol.method.ConfirmResult> confirm(Origin origin, boolean dryRun,
                                                                             String interpreterSha256) {
        return Confirmations.confirm(this, origin, dryRun, interpreterSha256, services);
    }

    /**
     * {@code kernel.use}: writes {@code python=} in the header as an edit through the loop, so the
     * file, attached clients and the kernel follow. A person's choice applies (the kernel restarts on
     * it) and, for a path, is checked first: it must be a working Python 3.9+ (asked even where a
     * confined cell could have put it: the person's pick is what lets it run, and it is recorded so).
     * An agent's or the assistant's choice is written but waits for a person, as any widening does;
     * nothing runs it meanwhile.
     */
    public CompletableFuture<dev.cellar.protocol.method.KernelUseResult> use(Origin origin, String python) {
        boolean person = origin.actor().startsWith("user:");
        return CompletableFuture.supplyAsync(() -> PythonPick.vet(python, path(), person, services))
                .thenCompose(value -> submit(origin, new Command.UsePython(value)));
    }

    /**
     * {@code table.rows}: the handle is read on the loop (a read: nothing there changes), the
     * page off it, from the kernel between cells or from the daemon's spool at once.
     */
    public CompletableFuture<dev.cellar.protocol.method.TableRows> tableRows(Origin origin,
                                                                             dev.cellar.protocol.method.TableRowsParams p) {
        return submit(origin, new Command.TableHandle(p.cellId(), p.handle()))
                .thenCompose(handle -> runner.readTable(handle, new dev.cellar.daemon.execution.TableQuery(handle, p.offset(),
                        p.limit(), blankIsNone(p.sort()), p.descending(), blankIsNone(p.search()))));
    }

    private static String blankIsNone(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private String tableHandle(Command.TableHandle t) {
        Cell cell = NotebookEdits.requireCell(notebook, t.cellId());
        Output.Table table = null;
        for (Output o : cell.outputs()) {
            if (o instanceof Output.Table x) {
                table = x;
            }
        }
        if (table == null) {
            throw NotebookEdits.invalid("cellId: cell " + t.cellId() + " shows no table");
        }
        if (table.handle() == null) {
            throw dev.cellar.daemon.execution.TableQuery.gone("the cell changed since it ran, or its table came from elsewhere");
        }
        if (t.expected() != null && !t.expected().equals(table.handle())) {
            throw dev.cellar.daemon.execution.TableQuery.gone("the cell ran again since this table was shown");
        }
        return table.handle();
    }

    /** {@code kernel.interpreters}: the Pythons this notebook could run on (probed off the loop, where that is safe). */
    public CompletableFuture<dev.cellar.protocol.method.InterpretersResult> interpreters() {
        return CompletableFuture.supplyAsync(() -> {
            SessionSetup now = setup;
            Interpreter running = now.interpreter();
            return new dev.cellar.protocol.method.InterpretersResult(now.settings().python(),
                    services.interpreters().catalog().list(path().toAbsolutePath().getParent(), running.executable(),
                            running.embedded()));
        });
    }

    private Edit usePython(Origin origin, String python) {
        boolean person = origin.actor().startsWith("user:");
        return new Edit(nb -> new Notebook(nb.path(), HeaderRights.withSetting(nb.header(), "python", python),
                nb.settings(), nb.revision() + 1, nb.cells()),
                Edit.Intent.header(person ? Set.of("python") : Set.of()), () -> {
                    boolean applied = python.equals(running.get("python"));
                    KernelInfo kernel = kernelInfo();
                    return new dev.cellar.protocol.method.KernelUseResult(python, applied, kernel, applied
                            ? path().getFileName() + " runs on " + kernel.description() + " (python=" + python + ")"
                            : "python=" + python + " is written in the header and waits for a person: cellar confirm "
                            + path() + " (or A in the terminal UI)");
                });
    }

    /** The header as the session has it (read on the loop). */
    CompletableFuture<String> header() {
        return onLoop(() -> notebook.header());
    }

    /** The trust verdict on the header as the session has it (what applies, what is held). */
    public dev.cellar.daemon.trust.Verdict verdict() {
        return setup.verdict();
    }

    /** The notebook as last committed, for listings; read without queueing behind running commands. */
    public Notebook current() {
        return notebook;
    }

    /**
     * Handles a command on the command loop. The future completes with the method's result
     * (a file change's once it is durable; a run with {@code awaitResult} once the run has
     * ended) or fails with an {@link RpcException} for a request that cannot be carried out.
     */
    @SuppressWarnings("unchecked") // the one cast: each handler below answers its command's declared type
    public <R> CompletableFuture<R> submit(Origin origin, Command<R> command) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    if (closed) {
                        throw new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND, "notebook " + id + " was closed");
                    }
                    handle(origin, command, result);
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND, "notebook " + id + " was closed"));
        }
        return (CompletableFuture<R>) (CompletableFuture<?>) result;
    }

    private void handle(Origin origin, Command<?> command, CompletableFuture<Object> result) {
        syncOutputs();
        switch (command) {
            case Command.FileChange<?> m -> {
                if (fileGone != null) {
                    throw new RpcException(ErrorCode.NOTEBOOK_IO, fileGone);
                }
                addToBurst(origin, prepare(origin, m), result);
            }
            case Command.Control<?> q -> {
                commitBurst(); // reads and runs see every edit that arrived before them
                reply(result, query(origin, q));
            }
        }
    }

    private Edit prepare(Origin origin, Command.FileChange<?> mutation) {
        return switch (mutation) {
            case Command.CreateCell c -> edits.create(burstBase(), origin, c);
            case Command.CreateCells c -> edits.createMany(burstBase(), origin, c);
            case Command.UpdateCell u -> edits.update(burstBase(), origin, u);
            case Command.DeleteCell d -> edits.delete(burstBase(), d);
            case Command.MoveCell m -> edits.move(burstBase(), m);
            case Command.Rewind r -> rewinds.prepare(burstBase(), origin, r);
            case Command.UsePython u -> usePython(origin, u.python());
            case Command.Fix f -> NotebookFix.prepare(this, analyzer, burstBase(), origin);
        };
    }

    private Object query(Origin origin, Command.Control<?> query) {
        return switch (query) {
            case Command.Snapshot s -> snapshot();
            case Command.GetCell g -> info(g.cellId());
            case Command.TableHandle t -> tableHandle(t);
            case Command.Subscribe s -> {
                SubscribeResult subscribed = new SubscribeResult(events.subscribe(s.subscriber(), s.sinceSeq()));
                if (s.who() != null && presence.join(s.who())) {
                    publishPresence(s.who().name());
                }
                yield subscribed;
            }
            case Command.UpdatePresence p -> updatePresence(p);
            case Command.LeavePresence l -> {
                PresenceInfo gone = presence.leave(l.clientId());
                if (gone != null) {
                    publishPresence(gone.name());
                }
                yield Empty.INSTANCE;
            }
            case Command.Unsubscribe u -> {
                events.unsubscribe(u.subscriber());
                yield Empty.INSTANCE;
            }
            case Command.Run r -> run(origin, r);
            case Command.Interrupt i -> {
                runner.interrupt(origin);
                yield Empty.INSTANCE;
            }
            case Command.ListTables l -> runner.onKernel(k -> {
                try {
                    return k.catalog(l.conn(), l.schema(), l.table());
                } catch (java.sql.SQLException e) {
                    throw new RpcException(ErrorCode.INVALID_PARAMS, "cannot list the tables: " + e.getMessage());
                }
            });
            case Command.RestartKernel r -> {
                restartKernel(origin, "the kernel restarted");
                yield Empty.INSTANCE;
            }
            case Command.BeginTurn b -> {
                String turnId = checkpoints.begin(b.actor(), b.prompt(), System.currentTimeMillis());
                checkpoints.saveIfDirty();
                yield turnId;
            }
            case Command.Turns t -> checkpoints.infos();
            case Command.SyncFile f -> {
                syncFromDisk();
                yield Empty.INSTANCE;
            }
            case Command.DataFileChanged d -> {
                dataFiles.changed(d.file());
                yield Empty.INSTANCE;
            }
            case Command.SaveFile f -> {
                if (f.to() == null || f.to().equals(notebook.path())) {
                    saveAgain();
                } else {
                    saveTo(f.to());
                }
                yield snapshot();
            }
        };
    }

    private PresenceResult updatePresence(Command.UpdatePresence p) {
        if (p.activity() == null) {
            throw NotebookEdits.invalid("activity is required: viewing, editing or running");
        }
        if (p.cellId() != null) {
            NotebookEdits.requireCell(notebook, p.cellId());
        }
        if (presence.update(p.who(), p.cellId(), p.activity())) {
            publishPresence(p.who().name());
        }
        return new PresenceResult(p.who().clientId(), presence.list());
    }

    private void publishPresence(String actor) {
        List<PresenceInfo> now = presence.list();
        publishEvent(new Draft(actor, null, m -> new Event.Presence(m, now)));
    }

    /**
     * Says what {@code who} is doing in this notebook, as {@code presence.update} does for a
     * connection: for clients that act without a connection of their own (the in-daemon
     * assistant, an agent's tool calls carried out in the daemon). A change goes to every
     * subscriber as a {@code presence} event, in order with the notebook's other events.
     * Fails (in the future) with {@code CELL_NOT_FOUND} for a cell that is not there.
     */
    public CompletableFuture<PresenceResult> touchPresence(Attendee who, String cellId, PresenceActivity activity) {
        return submit(new Origin(who.name(), null), new Command.UpdatePresence(who, cellId, activity));
    }

    /** {@code clientId} is no longer attached (a no-op when it was not). */
    public CompletableFuture<Empty> leavePresence(String clientId) {
        return submit(Origin.KERNEL, new Command.LeavePresence(clientId));
    }

    /** Who is attached now, for listings; read without queueing behind running commands. */
    public List<PresenceInfo> presence() {
        return presence.list();
    }

    private static void reply(CompletableFuture<Object> result, Object value) {
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
    }

    // ---- group commit

    /** The content the next edit is validated against: the committed notebook plus the burst's edits so far. */
    private Notebook burstBase() {
        return burstNotebook != null ? burstNotebook : notebook;
    }

    private void addToBurst(Origin origin, Edit edit, CompletableFuture<Object> reply) {
        Notebook base = burstBase();
        burstNotebook = edit.content().apply(base);
        NotebookChange change = NotebookChange.between(base, burstNotebook);
        Set<String> touched = new HashSet<>(change.changed());
        touched.addAll(change.removed());
        burst.add(new PendingEdit(origin, edit, touched, reply));
    }

    /**
     * Makes the burst durable with one write and one force, then applies its edits in
     * order (the only place the notebook's content is assigned), has {@link EditConsequences}
     * follow each (events, staleness, names, static errors, runs) and answers them. Called by
     * the loop at the end of every burst.
     */
    private void commitBurst() {
        assert loop.inLoop() : "loop-owned state written off the loop";
        if (burst.isEmpty()) {
            return;
        }
        syncOutputs();
        List<PendingEdit> committing = new ArrayList<>(burst);
        Notebook durable = burstNotebook;
        burst.clear();
        burstNotebook = null;
        if (committing.stream().anyMatch(p -> p.edit().changesFile())) {
            boolean merged;
            try {
                merged = outsideChange(committing);
                if (merged) {
                    durable = onTop(committing);
                }
            } catch (RpcException gone) {
                committing.forEach(p -> p.reply().completeExceptionally(gone));
                return;
            }
            if (committing.isEmpty()) {
                if (merged && keptOurs) {
                    writeBack(); // the outside change lacked edits of ours: they go back on disk
                }
                return;
            }
            checkpoint(committing);
            try {
                saveMerging(durable, committing);
            } catch (IOException e) {
                restoreFile(durable);
                checkpoints.rewindsFailed();
                RpcException failure = new RpcException(ErrorCode.NOTEBOOK_IO, "cannot save " + durable.path() + ": "
                        + e.getMessage() + " (the edit was not applied; the file keeps its previous content)");
                committing.forEach(p -> p.reply().completeExceptionally(failure));
                return;
            }
            checkpoints.rewindsDurable();
        }
        for (PendingEdit p : committing) {
            try {
                apply(p.origin(), p.edit());
                p.reply().complete(p.edit().reply().get());
            } catch (RuntimeException e) {
                p.reply().completeExceptionally(e);
            }
        }
        String displaced = presence.forgetDeleted(cellId -> notebook.cell(cellId).isPresent());
        if (displaced != null) {
            publishPresence(displaced);
        }
    }

    /** The only place the notebook's content is assigned: the edit, then its consequences (one rule for every source). */
    private void apply(Origin origin, Edit edit) {
        Notebook before = notebook;
        DependencyGraph graphBefore = graph;
        notebook = edit.content().apply(notebook);
        NotebookChange change = NotebookChange.between(before, notebook);
        graph = change.applyTo(graph, notebook);
        topologicalOrder = null;
        consequences.follow(origin, before, graphBefore, change, edit.intent());
        if (change.headerChanged() || !edit.intent().confirms().isEmpty()) {
            judgeHeader(origin, edit.intent().confirms());
        }
    }

    // ---- the file on disk: shared with editors, git and coding agents

    /** Asks the loop to look at the file: it changed on disk (called by the daemon's file watcher). */
    public void fileChanged() {
        submit(FILE, new Command.SyncFile()).exceptionally(e -> {
            LOG.log(System.Logger.Level.DEBUG, "reading " + path() + " after it changed failed", e);
            return null;
        });
    }

    /** The folders besides its own whose files this notebook's SQL cells read (what the watcher must hear). */
    public Set<Path> dataFolders() {
        return dataFiles.folders();
    }

    /** Calls {@code listener} (on the loop) whenever {@link #dataFolders()} changed. */
    public void onDataFoldersChanged(Runnable listener) {
        dataFiles.onFoldersChanged(listener);
    }

    DataFiles dataFiles() {
        return dataFiles;
    }

    /** Another file of the notebook's folder (or of a folder in {@link #dataFolders()}) changed (the file watcher's call): perhaps data an SQL cell reads. */
    public void folderFileChanged(Path file) {
        submit(FILE, new Command.DataFileChanged(file)).exceptionally(e -> {
            LOG.log(System.Logger.Level.DEBUG, "following a change of " + file + " failed", e);
            return null;
        });
    }

    /**
     * Right before a save: is the file still what the daemon last wrote or read? If another
     * program changed it, its change is applied first (as the {@code file} actor's edit) and
     * the burst's edits go on top; an edit of a cell the outside change also changed or
     * removed gets {@code CONFLICT} with the cell as it is now, unless it asked for last
     * writer wins (no version) and the cell is still there, exactly as for two clients.
     * Answers whether the burst must be re-applied; leaves in {@code committing} only the
     * edits that go ahead. A check followed by a rename leaves a window (microseconds) in
     * which another writer's change is replaced; see docs/ARCHITECTURE.md.
     */
    private boolean outsideChange(List<PendingEdit> committing) {
        if (fileGone != null) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, fileGone);
        }
        DiskVersion now;
        try {
            if (onDisk != null && onDisk.isStill(notebook.path())) {
                return false;
            }
            now = services.store().current(notebook.path());
        } catch (IOException e) {
            return false; // the save reports what is wrong with the file
        }
        if (now == null) {
            markGone();
            throw new RpcException(ErrorCode.NOTEBOOK_IO, fileGone);
        }
        if (onDisk != null && java.util.Arrays.equals(onDisk.content(), now.content())) {
            onDisk = now; // touched, or written with the same text
            return false;
        }
        mergeOutside(now.content(), committing); // unreadable: refused, and onDisk stays, so it stays refused
        onDisk = now;
        return true;
    }

    /** The burst's edits applied again on top of the notebook as it is now (after an outside change). */
    private Notebook onTop(List<PendingEdit> committing) {
        Notebook durable = notebook;
        for (var it = committing.iterator(); it.hasNext(); ) {
            PendingEdit p = it.next();
            try {
                durable = p.edit().content().apply(durable);
            } catch (RuntimeException gone) { // a cell it edits is no longer there
                p.reply().completeExceptionally(changedOnDisk(p.touched().stream().findFirst().orElse("?")));
                it.remove();
            }
        }
        return durable;
    }

    /**
     * Applies {@code content}, another program's version of the file, as the {@code file}
     * actor's edit; then answers CONFLICT to each edit of the burst that changed a cell it
     * changed or removed (unless the edit asked for last writer wins and the cell is still
     * there) and leaves the others in {@code committing}. Refuses (NOTEBOOK_IO) a version that
     * cannot be read as a notebook: it must not be overwritten either.
     */
    private void mergeOutside(byte[] content, List<PendingEdit> committing) {
        Notebook before = notebook;
        if (!mergeFile(content)) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, notebook.path().getFileName() + " was changed outside Cellar"
                    + " and cannot be read as a notebook now (see the daemon's log): it was not overwritten, and the"
                    + " edit was not applied");
        }
        NotebookChange outside = NotebookChange.between(before, notebook);
        Set<String> theirs = new HashSet<>(outside.changed());
        theirs.addAll(outside.removed());
        for (var it = committing.iterator(); it.hasNext(); ) {
            PendingEdit p = it.next();
            for (String cellId : p.touched()) {
                if (theirs.contains(cellId) && (!p.edit().intent().lastWriterWins() || notebook.cell(cellId).isEmpty())) {
                    p.reply().completeExceptionally(changedOnDisk(cellId));
                    it.remove();
                    break;
                }
            }
        }
    }

    /**
     * {@code notebook.save} to another path: the notebook lives there from now on, and its
     * sidecar files ({@code .cellar/NAME.py.*}: chat history, turn checkpoints) move with it. A
     * file at that path is overwritten only if it is this notebook's own file moved there
     * ({@code mv}, {@code git mv}: the inode the daemon last wrote or read); its content is then
     * merged first, as any outside change.
     */
    private void saveTo(Path to) {
        commitBurst();
        Path from = notebook.path();
        try {
            DiskVersion there = services.store().current(to);
            if (there != null && (onDisk == null || !java.util.Objects.equals(there.fileKey(), onDisk.fileKey()))) {
                throw new RpcException(ErrorCode.NOTEBOOK_IO, to + " already exists and is another file: not overwritten"
                        + " (choose another path, or remove it first)");
            }
            notebook = new Notebook(to, notebook.header(), notebook.settings(), notebook.revision(), notebook.cells());
            if (there != null && !java.util.Arrays.equals(there.content(), onDisk.content())) {
                mergeFile(there.content()); // our file, moved and changed since: what it says comes first
            }
            onDisk = services.store().save(notebook).version();
        } catch (IOException e) {
            notebook = new Notebook(from, notebook.header(), notebook.settings(), notebook.revision(), notebook.cells());
            throw new RpcException(ErrorCode.NOTEBOOK_IO, "cannot save " + from.getFileName() + " to " + to + ": "
                    + e.getMessage());
        }
        recent.clear();
        remember(notebook);
        moveSidecars(from, to);
        fileGone = null;
        publishNotice(FILE, from.getFileName() + " is now saved as " + to);
    }

    /** {@code .cellar/OLD.py.*} beside the old path become {@code .cellar/NEW.py.*} beside the new one. */
    private static void moveSidecars(Path from, Path to) {
        Path oldFolder = from.resolveSibling(".cellar");
        String prefix = from.getFileName() + ".";
        if (!Files.isDirectory(oldFolder)) {
            return;
        }
        try (var entries = Files.newDirectoryStream(oldFolder, p -> p.getFileName().toString().startsWith(prefix))) {
            Path newFolder = Files.createDirectories(to.resolveSibling(".cellar"));
            for (Path sidecar : entries) {
                String rest = sidecar.getFileName().toString().substring(prefix.length());
                Files.move(sidecar, newFolder.resolve(to.getFileName() + "." + rest),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot move " + from.getFileName() + "'s chat history and checkpoints"
                    + " beside " + to + ": " + e.getMessage());
        }
    }

    /** Another program's version that cannot be merged (not a notebook's text): kept beside it, never dropped. */
    private void keepAside(byte[] content) {
        Path aside = notebook.path().resolveSibling(notebook.path().getFileName() + ".outside-" + System.currentTimeMillis());
        try {
            Files.write(aside, content, java.nio.file.StandardOpenOption.CREATE_NEW);
            LOG.log(System.Logger.Level.WARNING, notebook.path() + " was written by another program during a save, with"
                    + " text that is not a notebook's; it is kept as " + aside);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot keep another program's version of " + notebook.path() + " as "
                    + aside + ": " + e.getMessage());
        }
    }

    private RpcException changedOnDisk(String cellId) {
        Cell now = notebook.cell(cellId).orElse(null);
        var data = dev.cellar.protocol.rpc.Json.MAPPER.createObjectNode();
        if (now != null) {
            data.set("cell", dev.cellar.protocol.rpc.Json.tree(now.toInfo()));
        }
        return new RpcException(ErrorCode.CONFLICT, "cell " + cellId + (now == null ? " was deleted" : " was changed")
                + " in " + notebook.path().getFileName() + " outside Cellar (an editor, git or an agent) before your edit"
                + " was saved: read it again", data);
    }

    /** The watcher's call: applies what the file says now, or says that it is gone. */
    private void syncFromDisk() {
        DiskVersion now;
        try {
            now = services.store().current(notebook.path());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + notebook.path() + " after it changed: " + e.getMessage());
            return;
        }
        if (now == null) {
            if (fileGone == null) {
                markGone();
            }
            return;
        }
        if (fileGone != null) {
            fileGone = null;
            publishNotice(FILE, notebook.path().getFileName()
                    + " is back on disk; edits are saved to it again");
        }
        if (onDisk != null && java.util.Arrays.equals(onDisk.content(), now.content())) {
            onDisk = now; // touched, or written with the same text: nothing more to do
            return;
        }
        if (mergeFile(now.content())) {
            onDisk = now;
            if (keptOurs) {
                writeBack();
            }
        } // unreadable: onDisk stays, so the next save finds the change and does not overwrite it
    }

    /**
     * The writer started from an older version: what it lacks of ours (acknowledged edits) goes
     * back on disk, by the same swap as every save.
     */
    private void writeBack() {
        try {
            saveMerging(notebook, new ArrayList<>());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write " + notebook.path() + " again after merging an"
                    + " outside change: " + e.getMessage());
        }
    }

    /**
     * Saves {@code durable} by the swap; while the swap hands back a version that is not the
     * one last written or read (another program wrote between the check and the swap), that
     * version goes first, {@code committing} on top (CONFLICT where they clash), and the result
     * is saved again. A version that is not a notebook's text is kept aside, never dropped.
     */
    private void saveMerging(Notebook durable, List<PendingEdit> committing) throws IOException {
        for (int round = 1; ; round++) {
            byte[] expected = onDisk == null ? null : onDisk.content();
            NotebookStore.Saved saved = services.store().save(durable);
            onDisk = saved.version();
            remember(durable);
            if (saved.displaced() == null || java.util.Arrays.equals(saved.displaced(), expected)
                    || round > MAX_SAVE_ROUNDS) {
                return;
            }
            try {
                mergeOutside(saved.displaced(), committing);
            } catch (RpcException unreadable) {
                keepAside(saved.displaced());
                return;
            }
            durable = onTop(committing);
        }
    }

    /** Applies a version of the file as the {@code file} actor's edit; false when it cannot be read. */
    private boolean mergeFile(byte[] content) {
        StoredNotebook stored;
        try {
            stored = services.store().parse(notebook.path(), content);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + notebook.path() + ": " + e.getMessage());
            return false;
        }
        FileMerge.Merged merged = FileMerge.merge(notebook, stored, notebook.settings(), analyzer, List.copyOf(recent));
        Notebook before = notebook;
        apply(FILE, new Edit(nb -> merged.notebook(), Edit.Intent.writes(runsWithoutAsking(), true), () -> null, false));
        List<String> written = NotebookChange.between(before, notebook).written();
        if (!written.isEmpty() && presence.update(Attendee.FILE, written.getLast(), PresenceActivity.EDITING)) {
            publishPresence(Attendee.FILE.name()); // who changed what: the file, at the last cell it wrote
        }
        // the file as another program may have read it, then what the daemon holds now: both are bases a writer may use
        rememberVersion(merged.fileVersion());
        remember(notebook);
        keptOurs = merged.keptOurs();
        return true;
    }

    /**
     * The header changed (the file's, or {@code kernel.use}'s edit): the trust records' rule
     * ({@link Rights#widens}), judged against the rights the notebook runs with, so a second
     * change cannot sneak through what the first one was refused. What narrows applies, what
     * widens waits for a person ({@code cellar confirm}, {@code A} in the TUI) with a notice;
     * {@code confirms}: keys a person chose with this edit, which apply at once (and are recorded
     * as confirmed where the trust records keep this notebook's header).
     */
    private void judgeHeader(Origin origin, Set<String> confirms) {
        String header = notebook.header();
        Rights wanted = HeaderRights.of(header);
        Verdict verdict = Trust.verdict(notebook.path(), wanted, running.withFrom(wanted, confirms));
        if (!confirms.isEmpty()) {
            recordPick(wanted, confirms);
        }
        Settings effective = HeaderRights.settings(header, verdict.effective(), new ArrayList<>());
        List<String> held = verdict instanceof Verdict.Held h ? h.keys().stream().map(wanted::describe).toList() : List.of();
        running = verdict.effective();
        List<String> heldBefore = heldSettings;
        boolean newlyHeld = !held.isEmpty() && !held.equals(heldSettings);
        heldSettings = held;
        String waiting = heldSettings.isEmpty() ? null : (origin.equals(FILE) ? "the file's header"
                : "the header as " + origin.actor() + " wrote it") + " asks for " + String.join(", ", heldSettings)
                + ": that widens what the notebook may do, so it waits for a person (cellar confirm "
                + notebook.path() + ", or A in the terminal UI)";
        if (!java.util.Objects.equals(effective.python(), setup.settings().python())) {
            adopt(origin, setup.withPython(effective, verdict, waiting, notebook.path(), services));
        } else if (!effective.equals(setup.settings()) || !heldSettings.equals(heldBefore)) {
            adopt(origin, setup.with(effective, waiting, notebook.path(), services));
        }
        if (newlyHeld) {
            publishNotice(origin, waiting);
        }
    }

    /** A person chose {@code keys}: confirmed in the trust records, where they keep this notebook's header. */
    private void recordPick(Rights wanted, Set<String> keys) {
        Trust trust = services.interpreters().trust();
        try {
            Rights confirmed = trust.confirmed(notebook.path());
            if (confirmed != null) {
                trust.confirmHeader(notebook.path(), confirmed.withFrom(wanted, keys));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, path() + ": cannot record " + keys + " as confirmed: " + e.getMessage());
        }
    }

    private void remember(Notebook version) {
        rememberVersion(FileMerge.version(version));
    }

    private void rememberVersion(Map<String, String> version) {
        if (version.equals(recent.peekLast())) {
            return;
        }
        recent.addLast(version);
        while (recent.size() > RECENT_VERSIONS) {
            recent.removeFirst();
        }
    }

    /** What the file's header asks that waits for a person (empty: nothing); cleared when a person confirms. */
    List<String> heldFromFile() {
        return heldSettings;
    }

    /**
     * Whether a change nobody approved may run by itself: the kernel is confined (and its
     * SQL too) or the notebook says {@code approval=auto}. A file watcher cannot tell a
     * person's editor from a coding agent, so file edits follow the rule for agents' edits.
     */
    private boolean runsWithoutAsking() {
        KernelInfo k = kernelInfo();
        String policy = notebook.settings().approval() != null ? notebook.settings().approval() : services.approval();
        return "auto".equals(policy) || !"off".equals(k.sandbox()) && !k.sqlUnconfined();
    }

    private void markGone() {
        fileGone = notebook.path().getFileName() + " was moved or deleted outside Cellar: " + notebook.path()
                + " is not there. Edits are refused until you save it again (cellar save " + notebook.path()
                + ") or close it (cellar close " + notebook.path() + ")";
        publishNotice(FILE, fileGone);
    }

    /** {@code notebook.save}: writes the notebook to its path again (it was moved or deleted), never over another file. */
    private void saveAgain() {
        commitBurst();
        try {
            DiskVersion there = services.store().current(notebook.path());
            if (there != null && (onDisk == null || !java.util.Arrays.equals(there.content(), onDisk.content()))) {
                mergeFile(there.content()); // a file is there again: take what it says, then write the notebook
            }
            onDisk = services.store().save(notebook).version();
        } catch (IOException e) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, "cannot save " + notebook.path() + ": " + e.getMessage());
        }
        if (fileGone != null) {
            fileGone = null;
            publishNotice(FILE, "saved to " + notebook.path());
        }
    }

    /**
     * Records what each edit of an assistant's or agent's turn changes, edit by edit, and
     * saves the checkpoints before the notebook: a change on disk always has its checkpoint.
     */
    private void checkpoint(List<PendingEdit> committing) {
        if (committing.stream().allMatch(p -> p.origin().turnId() == null)) {
            return; // people's edits: nothing to record, no extra work on their path
        }
        Notebook at = notebook;
        for (PendingEdit p : committing) {
            Notebook next = p.edit().content().apply(at);
            if (p.origin().turnId() != null && p.edit().changesFile()) {
                checkpoints.record(p.origin(), at, next);
            }
            at = next;
        }
        checkpoints.saveIfDirty();
    }

    /**
     * After a failed save the file may already hold the new content (the folder's force
     * failed after the rename): put the committed content back. Best effort: when the
     * disk refuses this too, the old file was never replaced.
     */
    private void restoreFile(Notebook attempted) {
        try {
            if (onDisk != null && !onDisk.isStill(notebook.path()) && java.util.Arrays.equals(
                    Files.readAllBytes(notebook.path()), NotebookStore.render(attempted).getBytes(StandardCharsets.UTF_8))) {
                onDisk = services.store().restore(notebook.path(), onDisk.content());
            }
        } catch (IOException ignored) {
            // the failure came before the rename: the previous file is intact
        }
    }

    // ---- run state: changes to statuses and outputs, no new revision, nothing to save

    private Object run(Origin origin, Command.Run r) {
        List<String> roots;
        if (r.cellIds() == null) {
            roots = notebook.cells().stream().filter(Cell::runnable).map(Cell::id).toList();
        } else {
            if (r.cellIds().isEmpty()) {
                throw NotebookEdits.invalid("cellIds must name at least one cell");
            }
            r.cellIds().forEach(cellId -> NotebookEdits.requireCell(notebook, cellId));
            roots = r.cellIds();
        }
        if (r.options().freshKernel() && runner.kernelUsed()) { // from a fresh interpreter, as jupyter execute does
            restartKernel(origin, "the kernel restarted for a fresh run");
            // a cell the restart stopped reports back first: its result must not land on this run's cells
            CompletableFuture<Object> planned = new CompletableFuture<>();
            runner.afterRunningStep(() -> {
                try {
                    reply(planned, startRun(origin, roots, r));
                } catch (RuntimeException e) {
                    planned.completeExceptionally(e);
                }
            });
            return planned;
        }
        return startRun(origin, roots, r);
    }

    private Object startRun(Origin origin, List<String> roots, Command.Run r) {
        var started = runner.start(origin, roots, r.options());
        return r.awaitResult() ? started.done() : new RunResult(started.runId(), null);
    }

    /** A new kernel for the next run; attached clients see a kernelChanged event saying why. */
    private void restartKernel(Origin origin, String why) {
        runner.restart(origin);
        KernelInfo kernel = kernelInfo();
        publishEvent(EventLog.event(origin, m -> new Event.KernelChanged(m, kernel, why)));
    }

    /** Cells whose inputs changed: their outputs no longer match the code upstream. */
    void markStale(Origin origin, Set<String> cellIds) {
        assert loop.inLoop() : "loop-owned state written off the loop";
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
    void refreshStaticErrors(Origin origin) {
        assert loop.inLoop() : "loop-owned state written off the loop";
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

    /** Changes a cell's run state and tells every subscriber. */
    void setState(Origin origin, String cellId, UnaryOperator<Cell> change) {
        assert loop.inLoop() : "loop-owned state written off the loop";
        syncOutputs();
        streaming.remove(cellId); // what the change sets is the new start; later text appends to it
        notebook = notebook.withCellState(cellId, c -> change.apply(c).bounded(notebook.settings().outputLimit()));
        CellInfo info = notebook.cell(cellId).orElseThrow().toInfo();
        publishEvent(EventLog.event(origin, m -> new Event.CellState(m, info)));
    }

    /**
     * A streamed chunk: kept within the cell's output limit and sent as a delta, not a whole
     * cell. Once the limit's first half is full, later text only replaces older text in the
     * kept tail, so clients get no more deltas; they see the tail with the cell's next state.
     */
    void appendStream(String cellId, String stream, String text) {
        assert loop.inLoop() : "loop-owned state written off the loop";
        Cell cell = notebook.cell(cellId).orElse(null);
        if (cell == null) {
            return;
        }
        OutputBudget budget = streaming.computeIfAbsent(cellId,
                id -> new OutputBudget(notebook.settings().outputLimit(), cell.outputs()));
        String kept = budget.append(stream, text);
        unsynced.add(cellId);
        if (!kept.isEmpty()) {
            deltas.add(cellId, stream, kept);
        }
    }

    /** Every event but output deltas goes out here: after the pending delta, so clients see them in order. */
    private void publishEvent(Draft draft) {
        assert loop.inLoop() : "loop-owned state written off the loop";
        deltas.flush();
        events.publish(draft);
    }

    /** Something about the notebook's file a person should see ({@code notebookFile}). */
    private void publishNotice(Origin origin, String notice) {
        publishEvent(EventLog.event(origin, m -> new Event.NotebookFile(m, notice)));
    }

    /** Folds streamed text into the notebook: costs the size of the kept outputs, so done on reads, not per chunk. */
    private void syncOutputs() {
        assert loop.inLoop() : "loop-owned state written off the loop";
        deltas.flush(); // a snapshot's seq then covers every delta of the text it holds
        for (String cellId : unsynced) {
            OutputBudget budget = streaming.get(cellId);
            if (budget != null && notebook.cell(cellId).isPresent()) {
                notebook = notebook.withCellState(cellId, c -> c.withOutputs(budget.outputs()));
            } else {
                streaming.remove(cellId);
            }
        }
        unsynced.clear();
    }

    /** A rich output shown while the cell runs: appended, and sent as a delta like a stream chunk. */
    void appendOutput(String cellId, Output output) {
        assert loop.inLoop() : "loop-owned state written off the loop";
        syncOutputs(); // the text streamed before it stays before it
        streaming.remove(cellId); // text streamed after it appends after it
        if (output instanceof Output.Display display) {
            output = notebook.cell(cellId).map(c -> OutputBudget.admitDisplay(c.outputs(), display)).orElse(null);
            if (output == null) {
                return;
            }
        }
        Output added = output;
        notebook = notebook.withCellState(cellId,
                c -> c.withOutputs(append(c.outputs(), added)).bounded(notebook.settings().outputLimit()));
        publishEvent(EventLog.event(Origin.KERNEL, m -> new Event.CellOutput(m, cellId, added)));
    }

    private static List<Output> append(List<Output> outputs, Output output) {
        List<Output> more = new ArrayList<>(outputs);
        more.add(output);
        return more;
    }

    void publish(Draft draft) {
        publishEvent(draft);
    }

    /**
     * Publishes an event from outside the loop (the assistant's turn): it is numbered and
     * sent on the loop, in order with the notebook's other events.
     */
    public void announce(Draft draft) {
        try {
            loop.execute(() -> publishEvent(draft));
        } catch (RejectedExecutionException closed) {
            // the notebook was closed: nobody is listening
        }
    }

    // ---- read access for the runner and the edits (on the loop)

    Notebook notebook() {
        syncOutputs();
        return notebook;
    }

    /** A cell's version, or -1 when it is gone; without folding streamed text in (called per output chunk). */
    long cellVersion(String cellId) {
        return notebook.cell(cellId).map(Cell::version).orElse(-1L);
    }

    DependencyGraph graph() {
        return graph;
    }

    NotebookRunner runner() {
        return runner;
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
    <T> CompletableFuture<T> onLoop(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, loop);
    }

    List<CellInfo> infos(List<String> cellIds) {
        syncOutputs();
        Set<String> wanted = new HashSet<>(cellIds);
        return notebook.cells().stream().filter(c -> wanted.contains(c.id())).map(Cell::toInfo).toList();
    }

    CellInfo info(String cellId) {
        syncOutputs();
        return NotebookEdits.requireCell(notebook, cellId).toInfo();
    }

    private NotebookSnapshot snapshot() {
        syncOutputs();
        SessionSetup now = setup;
        List<String> all = now.pending() == null ? problems : concat(problems, now.pending());
        return new NotebookSnapshot(id, notebook.path().toString(), notebook.revision(), events.seq(),
                notebook.cells().stream().map(Cell::toInfo).toList(), kernelInfo(), all, presence.list());
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    public KernelInfo kernelInfo() {
        SessionSetup now = setup;
        Interpreter i = now.interpreter();
        Confinement confinement = now.confinement();
        return new KernelInfo(i.implementation(), i.version(), i.executable() == null ? null : i.executable().toString(),
                i.describe(), confinement.name(), i.problem() != null ? i.problem() : confinement.problem(), sqlConfinement(),
                now.pending(), notebook.settings().env(), confinement.net().describe());
    }

    /**
     * Where this notebook's SQL cells run, and whether that is confined ({@code SqlDatabase.confinement}):
     * its own connection, each named connection its header allows cells to name ({@code conns=}: what
     * a cell may use, so an agent's new cell on one never counts as confined), and the embedded DuckDB
     * where a cell names it.
     */
    private String sqlConfinement() {
        Settings s = notebook.settings();
        java.util.Set<String> urls = new java.util.LinkedHashSet<>();
        urls.add(sqlUrl());
        urls.addAll(s.conns());
        for (Cell c : notebook.cells()) {
            String conn = c.sqlOptions().conn();
            if (conn != null && SqlConnections.refusal(conn, sqlUrl(), s.conns(), notebook.path()) == null) {
                urls.add(SqlConnections.urlOf(conn, sqlUrl(), notebook.path(), s.duckdbFile()));
            }
        }
        return String.join(", ", urls.stream().map(dev.cellar.daemon.sql.SqlDatabase::confinement).distinct().toList());
    }

    /** The notebook's SQL connection: its own, else the daemon's {@code CELLAR_SQL_URL}, else DuckDB. */
    private String sqlUrl() {
        Settings s = notebook.settings();
        return dev.cellar.daemon.sql.SqlDatabase.urlFor(notebook.path(), s.sqlUrl(), s.duckdbFile(),
                services.interpreters().daemonSqlUrl());
    }

    /**
     * Commits what is pending, stops the kernel and the loop; waiting runs fail, subscribers
     * hear that the notebook closed. Completes once that is done and the kernel's worker has
     * ended, which may be after a long backlog of commands: callers on a network thread must
     * not wait for it.
     */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done;
        try {
            done = CompletableFuture.supplyAsync(() -> {
                commitBurst();
                closed = true;
                CompletableFuture<Void> kernelStopped = runner.close();
                publishEvent(EventLog.event(Origin.KERNEL, Event.NotebookClosed::new));
                loop.shutdown();
                return kernelStopped;
            }, loop).thenCompose(kernelStopped -> kernelStopped);
        } catch (RejectedExecutionException alreadyClosed) {
            return CompletableFuture.completedFuture(null);
        }
        return done;
    }

    @Override
    public void close() {
        closeAsync().join();
    }


    /** The session as its scheduler sees it ({@link RunHost}): the loop-only reads and writes it needs, nothing more. */
    private final class RunnerView implements RunHost {
        @Override
        public String notebookId() {
            return id;
        }

        @Override
        public Notebook notebook() {
            return NotebookSession.this.notebook();
        }

        @Override
        public Notebook current() {
            return NotebookSession.this.current();
        }

        @Override
        public DependencyGraph graph() {
            return graph;
        }

        @Override
        public List<String> topologicalOrder() {
            return NotebookSession.this.topologicalOrder();
        }

        @Override
        public StaticErrors staticErrors() {
            return staticErrors;
        }

        @Override
        public void setState(Origin origin, String cellId, UnaryOperator<Cell> change) {
            NotebookSession.this.setState(origin, cellId, change);
        }

        @Override
        public void publish(Draft draft) {
            publishEvent(draft);
        }

        @Override
        public List<CellInfo> infos(List<String> cellIds) {
            return NotebookSession.this.infos(cellIds);
        }

        @Override
        public <T> CompletableFuture<T> onLoop(Supplier<T> task) {
            return NotebookSession.this.onLoop(task);
        }

        @Override
        public void appendStream(String cellId, String stream, String text) {
            NotebookSession.this.appendStream(cellId, stream, text);
        }

        @Override
        public void appendOutput(String cellId, Output output) {
            NotebookSession.this.appendOutput(cellId, output);
        }

        @Override
        public long cellVersion(String cellId) {
            return NotebookSession.this.cellVersion(cellId);
        }

        /** Checked again at each kernel start ({@code Interpreters.recheck}): a confined cell may have replaced it since. */
        @Override
        public Interpreter interpreter() {
            return services.interpreters().recheck(NotebookSession.this.interpreter());
        }

        @Override
        public Confinement confinement() {
            return NotebookSession.this.confinement();
        }

        @Override
        public boolean sqlAutoruns(Cell cell) {
            Settings s = notebook.settings();
            if (s.sqlAutorun() != null) {
                return s.sqlAutorun();
            }
            String conn = cell.sqlOptions().conn();
            return SqlConnections.refusal(conn, sqlUrl(), s.conns(), notebook.path()) == null
                    && dev.cellar.daemon.sql.SqlDatabase.autorunsByDefault(
                            SqlConnections.urlOf(conn, sqlUrl(), notebook.path(), s.duckdbFile()));
        }
    }
}
