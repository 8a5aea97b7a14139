package dev.cellar.protocol.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.KernelInfo;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.model.PresenceInfo;
import java.util.List;
import java.util.Objects;

/**
 * One notebook event, sent as the params of an {@code event} notification: one record per
 * kind, each holding exactly what that kind says, so a client reads an event by matching its
 * type ({@code switch (event) { case Event.CellState s -> … }}), never by which fields happen
 * to be set. Every event has its {@link Meta}: the notebook, {@code seq} (per notebook,
 * gap-free and increasing), the {@code actor} ({@code user:<client>}, {@code agent:<name>},
 * {@code assistant}, {@code kernel} or {@code daemon}) and the request that caused it, if any.
 *
 * <p>On the wire an event is one flat JSON object: the meta's members, {@code type} (the
 * kind's {@link EventType} name) and the kind's own members ({@link EventJson}); a cell's
 * events also carry {@code cellId}.
 */
@JsonSerialize(using = EventJson.Writer.class)
@JsonDeserialize(using = EventJson.Reader.class)
public sealed interface Event {
    Meta meta();

    /** The kind, as the wire names it. */
    EventType type();

    /** The cell this event is about, or null for a notebook-wide event. */
    default String cellId() {
        return null;
    }

    default String notebookId() {
        return meta().notebookId();
    }

    default long seq() {
        return meta().seq();
    }

    default String actor() {
        return meta().actor();
    }

    default String requestId() {
        return meta().requestId();
    }

    /** An event that carries a cell's whole state (its code, version, status and outputs). */
    sealed interface WithCell extends Event permits CellCreated, CellUpdated, CellState {
        CellInfo cell();
    }

    /** A change of the notebook's cells, with the revision it made. */
    sealed interface Edit extends Event permits CellCreated, CellUpdated, CellDeleted, CellMoved {
        long revision();
    }

    /** Who and which request caused an event, stamped with its notebook and place in the notebook's order. */
    record Meta(String notebookId, long seq, String actor, String requestId) {
    }

    /** A cell was made at {@code index}; the notebook is now at {@code revision}. */
    record CellCreated(Meta meta, CellInfo cell, int index, long revision) implements WithCell, Edit {
        public CellCreated {
            Objects.requireNonNull(cell, "cell");
        }

        @Override
        public EventType type() {
            return EventType.CELL_CREATED;
        }

        @Override
        public String cellId() {
            return cell.id();
        }
    }

    /**
     * A cell's source changed (new code, version, defs, refs); {@code lastWriterWins} is true
     * when no version was checked (null otherwise, so it is absent on the wire).
     */
    record CellUpdated(Meta meta, CellInfo cell, long revision, Boolean lastWriterWins) implements WithCell, Edit {
        public CellUpdated {
            Objects.requireNonNull(cell, "cell");
        }

        @Override
        public EventType type() {
            return EventType.CELL_UPDATED;
        }

        @Override
        public String cellId() {
            return cell.id();
        }
    }

    record CellDeleted(Meta meta, String cellId, long revision) implements Edit {
        public CellDeleted {
            Objects.requireNonNull(cellId, "cellId");
        }

        @Override
        public EventType type() {
            return EventType.CELL_DELETED;
        }
    }

    record CellMoved(Meta meta, String cellId, int index, long revision) implements Edit {
        public CellMoved {
            Objects.requireNonNull(cellId, "cellId");
        }

        @Override
        public EventType type() {
            return EventType.CELL_MOVED;
        }
    }

    /** A cell's status, outputs or error changed (runs, staleness, graph errors). */
    record CellState(Meta meta, CellInfo cell) implements WithCell {
        public CellState {
            Objects.requireNonNull(cell, "cell");
        }

        @Override
        public EventType type() {
            return EventType.CELL_STATE;
        }

        @Override
        public String cellId() {
            return cell.id();
        }
    }

    /** A chunk of stdout/stderr, or a rich output, while the cell runs. */
    record CellOutput(Meta meta, String cellId, Output output) implements Event {
        public CellOutput {
            Objects.requireNonNull(cellId, "cellId");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public EventType type() {
            return EventType.CELL_OUTPUT;
        }
    }

    /** The cells a run planned, in order. */
    record RunStarted(Meta meta, String runId, List<String> cellIds) implements Event {
        public RunStarted {
            cellIds = List.copyOf(cellIds);
        }

        @Override
        public EventType type() {
            return EventType.RUN_STARTED;
        }
    }

    record RunFinished(Meta meta, String runId) implements Event {
        @Override
        public EventType type() {
            return EventType.RUN_FINISHED;
        }
    }

    /** The client missed events it cannot be sent: fetch a snapshot with {@code notebook.get}. */
    record Resync(Meta meta) implements Event {
        @Override
        public EventType type() {
            return EventType.RESYNC;
        }
    }

    /** Something about the notebook's file a person should see ({@link EventType#NOTEBOOK_FILE}). */
    record NotebookFile(Meta meta, String notice) implements Event {
        @Override
        public EventType type() {
            return EventType.NOTEBOOK_FILE;
        }
    }

    /** The kernel was chosen again or restarted; {@code notice} says why when it restarted. */
    record KernelChanged(Meta meta, KernelInfo kernel, String notice) implements Event {
        @Override
        public EventType type() {
            return EventType.KERNEL_CHANGED;
        }
    }

    record NotebookClosed(Meta meta) implements Event {
        @Override
        public EventType type() {
            return EventType.NOTEBOOK_CLOSED;
        }
    }

    /** Everyone attached after a client attached, left or changed what it does; the actor is that client. */
    record Presence(Meta meta, List<PresenceInfo> presence) implements Event {
        public Presence {
            presence = List.copyOf(presence);
        }

        @Override
        public EventType type() {
            return EventType.PRESENCE;
        }
    }

    /**
     * A step of an assistant's or agent's turn: {@code kind} is one of the {@code CHAT_…}
     * types, {@code chat} what that step says (its members per kind: {@link EventType}).
     */
    record Chat(Meta meta, EventType kind, ChatEvent chat) implements Event {
        public Chat {
            Objects.requireNonNull(chat, "chat");
            if (!kind.isChat()) {
                throw new IllegalArgumentException(kind + " is not a chat event");
            }
        }

        @Override
        public EventType type() {
            return kind;
        }
    }
}
