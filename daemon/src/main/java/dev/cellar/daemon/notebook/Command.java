package dev.cellar.daemon.notebook;

import dev.cellar.daemon.event.Attendee;
import dev.cellar.daemon.event.Subscriber;
import dev.cellar.daemon.run.RunOptions;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CellsResult;
import dev.cellar.protocol.method.Empty;
import dev.cellar.protocol.method.FixResult;
import dev.cellar.protocol.method.KernelUseResult;
import dev.cellar.protocol.method.PresenceResult;
import dev.cellar.protocol.method.RevisionResult;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.method.SubscribeResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.TurnInfo;
import java.util.List;

/**
 * Everything a client (user or assistant) can ask of a notebook, with the type of its
 * answer ({@code R}: what {@link NotebookSession#submit} completes with). Each is handled on
 * the notebook's command loop, the only place notebook state changes. A {@link FileChange}
 * changes the notebook's cells (and so its file) and is committed in bursts; a
 * {@link Control} reads or steers the session (runs, the kernel, subscriptions, presence,
 * turns) without changing a cell's source, after every change that arrived before it. The
 * sealed hierarchy lets the compiler check that {@link NotebookSession} handles every one.
 */
public sealed interface Command<R> permits Command.FileChange, Command.Control {

    sealed interface FileChange<R> extends Command<R> permits CreateCell, CreateCells, UpdateCell, DeleteCell, MoveCell,
            Rewind, UsePython, Fix { }

    sealed interface Control<R> extends Command<R> permits Snapshot, GetCell, Subscribe, Unsubscribe, Run, Interrupt,
            RestartKernel, UpdatePresence, LeavePresence, BeginTurn, Turns, SyncFile, SaveFile,
            DataFileChanged, ListTables, TableHandle { }

    /**
     * {@code autorun} false: never run on creation, whatever the notebook's setting. {@code shown}:
     * outputs from elsewhere (an imported .ipynb's), kept as stale until the cell runs here. {@code sql}:
     * an SQL cell's connection and cache, written on its marker line.
     */
    record CreateCell(CellKind kind, String code, Integer index, String afterCellId, String out, boolean autorun,
                      boolean parameters, List<Output> shown, dev.cellar.daemon.model.SqlCellOptions sql)
            implements FileChange<CellResult> {
        public CreateCell {
            shown = shown == null ? List.of() : List.copyOf(shown);
            sql = sql == null ? dev.cellar.daemon.model.SqlCellOptions.NONE : sql;
        }

        public CreateCell(CellKind kind, String code, Integer index, String afterCellId, String out, boolean autorun,
                          boolean parameters, List<Output> shown) {
            this(kind, code, index, afterCellId, out, autorun, parameters, shown, null);
        }

        public CreateCell(CellKind kind, String code, Integer index, String afterCellId, String out) {
            this(kind, code, index, afterCellId, out, true, false);
        }

        public CreateCell(CellKind kind, String code, Integer index, String afterCellId, String out, boolean autorun,
                          boolean parameters) {
            this(kind, code, index, afterCellId, out, autorun, parameters, List.of());
        }
    }

    /**
     * Many cells added as one edit, in order, at {@code index} or after {@code afterCellId}, else at
     * the end: one analysis call for them all and one save (a 200-cell import). Each cell's own
     * {@code index}, {@code afterCellId} and {@code autorun} are not read. {@code rewrite}: the
     * Python cells are rewritten first, as {@link Fix} does (without a turn: nothing to undo yet).
     */
    record CreateCells(Integer index, String afterCellId, boolean autorun, boolean rewrite, List<CreateCell> cells)
            implements FileChange<CellsResult> {
        public CreateCells {
            cells = List.copyOf(cells);
        }
    }

    /**
     * {@code autorun} false: the edit never starts a run, whatever the notebook's setting.
     * {@code kind}/{@code out} null keep the cell's; {@code out} "" removes an SQL cell's name.
     */
    record UpdateCell(String cellId, String code, Long expectedVersion, boolean autorun, CellKind kind, String out)
            implements FileChange<CellResult> {
        public UpdateCell(String cellId, String code, Long expectedVersion, boolean autorun) {
            this(cellId, code, expectedVersion, autorun, null, null);
        }

        public UpdateCell(String cellId, String code, Long expectedVersion) {
            this(cellId, code, expectedVersion, true);
        }
    }

    record DeleteCell(String cellId, Long expectedVersion) implements FileChange<RevisionResult> { }

    record MoveCell(String cellId, int index) implements FileChange<RevisionResult> { }

    /**
     * Undoes a turn ({@code turnId} null: the last one) as one edit; {@code force} names the
     * cells changed since that may be overwritten; {@code dryRun} only answers what would change.
     * {@code autorun} false: the cells it brings back do not start runs (an agent's rewind, where
     * running needs approval: its reactive re-run could run code another of its turns wrote).
     */
    record Rewind(String turnId, List<String> force, boolean dryRun, boolean autorun) implements FileChange<RewindResult> {
        public Rewind(String turnId, List<String> force, boolean dryRun) {
            this(turnId, force, dryRun, true);
        }
    }

    /**
     * Writes {@code python=} in the header ({@code kernel.use}, its value already checked): a
     * person's choice applies (the kernel restarts on it), anyone else's waits for a person.
     */
    record UsePython(String python) implements FileChange<KernelUseResult> { }

    /**
     * Rewrites the Python cells so each global name is defined in one cell (rewrite.py: duplicate
     * imports removed, names used only in their cell made private, redefinitions renamed), as one
     * edit; answers a {@code FixResult}. The cells it rewrites never start runs.
     */
    record Fix() implements FileChange<FixResult> { }

    record Snapshot() implements Control<NotebookSnapshot> { }

    record GetCell(String cellId) implements Control<CellInfo> { }

    /**
     * The handle of the cell's last table output, checked against {@code expected} when the
     * client names one: a read (the page itself is fetched off the loop, {@code table.rows}).
     */
    record TableHandle(String cellId, String expected) implements Control<String> { }

    /** {@code who}: the client that subscribes is attached to the notebook (null: an internal listener). */
    record Subscribe(Subscriber subscriber, Long sinceSeq, Attendee who) implements Control<SubscribeResult> {
        public Subscribe(Subscriber subscriber, Long sinceSeq) {
            this(subscriber, sinceSeq, null);
        }
    }

    record Unsubscribe(Subscriber subscriber) implements Control<Empty> { }

    /** Runs these cells (all runnable cells when {@code cellIds} is null) and everything downstream. */
    record Run(List<String> cellIds, boolean awaitResult, RunOptions options) implements Control<RunResult> {
        public Run(List<String> cellIds, boolean awaitResult) {
            this(cellIds, awaitResult, RunOptions.DEFAULT);
        }
    }

    record Interrupt() implements Control<Empty> { }

    /** The tables of the notebook's SQL connection ({@code schema}, {@code table}: null for all), read on the kernel thread. */
    /** {@code conn}: a connection a cell may name ({@code @NAME}, {@code duckdb}); null: the notebook's own. */
    record ListTables(String conn, String schema, String table) implements Control<dev.cellar.daemon.sql.Catalog.Listing> {
        public ListTables(String schema, String table) {
            this(null, schema, table);
        }
    }

    /**
     * What {@code who} is doing in the notebook ({@code cellId} null: no particular cell);
     * attaches it when it is not yet. Changes no file: it is state of the session, told to
     * subscribers as a {@code presence} event.
     */
    record UpdatePresence(Attendee who, String cellId, PresenceActivity activity) implements Control<PresenceResult> { }

    /** The client is gone (its connection dropped, the assistant's turn ended). */
    record LeavePresence(String clientId) implements Control<Empty> { }

    /** Stops the kernel (and a running cell), forgets every variable; the next run starts a fresh one. */
    record RestartKernel() implements Control<Empty> { }

    /** A turn starts: its checkpoint gets who, when and what was asked, before its first edit. Answers its id. */
    record BeginTurn(String actor, String prompt) implements Control<String> { }

    /**
     * The notebook's file changed on disk (the file watcher saw it): what it says now is
     * applied as an edit of the actor {@code file}, or, when it is gone, edits are refused.
     */
    record SyncFile() implements Control<Empty> { }

    /**
     * Writes the notebook to its file again ({@code notebook.save}): how a moved or deleted file
     * is brought back; {@code to} (a real path, checked by {@code Notebooks.saveAs}): to another file.
     */
    record SaveFile(java.nio.file.Path to) implements Control<NotebookSnapshot> { }

    /**
     * Another file of the notebook's folder changed (the file watcher saw it): the SQL cells
     * that read it become stale, and run again when autorun is on (see {@code DataFiles}).
     */
    record DataFileChanged(java.nio.file.Path file) implements Control<Empty> { }

    /** The checkpointed turns, oldest first ({@code TurnInfo}s). */
    record Turns() implements Control<List<TurnInfo>> { }
}
