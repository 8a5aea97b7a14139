package dev.cellar.daemon.notebook;

import dev.cellar.protocol.model.CellKind;
import java.util.List;

/**
 * Everything a client (user or assistant) can ask of a notebook. Each is handled on the
 * notebook's command loop, the only place notebook state changes. Mutations change the
 * file and are committed in bursts; queries read, subscribe, or drive runs. The sealed
 * hierarchy lets the compiler check that {@link NotebookSession} handles every one.
 */
public sealed interface Command permits Command.Mutation, Command.Query {

    sealed interface Mutation extends Command permits CreateCell, UpdateCell, DeleteCell, MoveCell, Rewind { }

    sealed interface Query extends Command permits Snapshot, GetCell, Subscribe, Unsubscribe, Run, Interrupt,
            RestartKernel, UpdatePresence, LeavePresence, BeginTurn, Turns, SyncFile, SaveFile, DataFileChanged { }

    /** {@code autorun} false: never run on creation, whatever the notebook's setting. */
    record CreateCell(CellKind kind, String code, Integer index, String afterCellId, String out, boolean autorun,
                      boolean parameters) implements Mutation {
        public CreateCell(CellKind kind, String code, Integer index, String afterCellId, String out) {
            this(kind, code, index, afterCellId, out, true, false);
        }
    }

    /**
     * {@code autorun} false: the edit never starts a run, whatever the notebook's setting.
     * {@code kind}/{@code out} null keep the cell's; {@code out} "" removes an SQL cell's name.
     */
    record UpdateCell(String cellId, String code, Long expectedVersion, boolean autorun, CellKind kind, String out)
            implements Mutation {
        public UpdateCell(String cellId, String code, Long expectedVersion, boolean autorun) {
            this(cellId, code, expectedVersion, autorun, null, null);
        }

        public UpdateCell(String cellId, String code, Long expectedVersion) {
            this(cellId, code, expectedVersion, true);
        }
    }

    record DeleteCell(String cellId, Long expectedVersion) implements Mutation { }

    record MoveCell(String cellId, int index) implements Mutation { }

    /**
     * Undoes a turn ({@code turnId} null: the last one) as one edit; {@code force} names the
     * cells changed since that may be overwritten; {@code dryRun} only answers what would change.
     * {@code autorun} false: the cells it brings back do not start runs (an agent's rewind, where
     * running needs approval: its reactive re-run could run code another of its turns wrote).
     */
    record Rewind(String turnId, List<String> force, boolean dryRun, boolean autorun) implements Mutation {
        public Rewind(String turnId, List<String> force, boolean dryRun) {
            this(turnId, force, dryRun, true);
        }
    }

    record Snapshot() implements Query { }

    record GetCell(String cellId) implements Query { }

    /** {@code who}: the client that subscribes is attached to the notebook (null: an internal listener). */
    record Subscribe(Subscriber subscriber, Long sinceSeq, Attendee who) implements Query {
        public Subscribe(Subscriber subscriber, Long sinceSeq) {
            this(subscriber, sinceSeq, null);
        }
    }

    record Unsubscribe(Subscriber subscriber) implements Query { }

    /** Runs these cells (all runnable cells when {@code cellIds} is null) and everything downstream. */
    record Run(List<String> cellIds, boolean awaitResult, dev.cellar.daemon.run.RunOptions options) implements Query {
        public Run(List<String> cellIds, boolean awaitResult) {
            this(cellIds, awaitResult, dev.cellar.daemon.run.RunOptions.DEFAULT);
        }
    }

    record Interrupt() implements Query { }

    /**
     * What {@code who} is doing in the notebook ({@code cellId} null: no particular cell);
     * attaches it when it is not yet. Changes no file: it is state of the session, told to
     * subscribers as a {@code presence} event.
     */
    record UpdatePresence(Attendee who, String cellId, dev.cellar.protocol.model.PresenceActivity activity)
            implements Query { }

    /** The client is gone (its connection dropped, the assistant's turn ended). */
    record LeavePresence(String clientId) implements Query { }

    /** Stops the kernel (and a running cell), forgets every variable; the next run starts a fresh one. */
    record RestartKernel() implements Query { }

    /** A turn starts: its checkpoint gets who, when and what was asked, before its first edit. Answers its id. */
    record BeginTurn(String actor, String prompt) implements Query { }

    /**
     * The notebook's file changed on disk (the file watcher saw it): what it says now is
     * applied as an edit of the actor {@code file}, or, when it is gone, edits are refused.
     */
    record SyncFile() implements Query { }

    /**
     * Writes the notebook to its file again ({@code notebook.save}): how a moved or deleted file
     * is brought back; {@code to} (a real path, checked by {@code Notebooks.saveAs}): to another file.
     */
    record SaveFile(java.nio.file.Path to) implements Query { }

    /**
     * Another file of the notebook's folder changed (the file watcher saw it): the SQL cells
     * that read it become stale, and run again when autorun is on (see {@code DataFiles}).
     */
    record DataFileChanged(java.nio.file.Path file) implements Query { }

    /** The checkpointed turns, oldest first ({@code TurnInfo}s). */
    record Turns() implements Query { }
}
