package dev.cellar.protocol.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened: the kind of an {@link Event}, by its name on the wire (each kind is one record of {@link Event}). */
public enum EventType {
    /** {@code cell}, {@code index}, {@code revision}. */
    CELL_CREATED("cellCreated"),
    /** {@code cell} (new code, version, defs, refs), {@code revision}; {@code lastWriterWins} when no version was checked. */
    CELL_UPDATED("cellUpdated"),
    /** {@code cellId}, {@code revision}. */
    CELL_DELETED("cellDeleted"),
    /** {@code cellId}, {@code index}, {@code revision}. */
    CELL_MOVED("cellMoved"),
    /** {@code cell}: status, outputs or error changed (runs, staleness, graph errors). */
    CELL_STATE("cellState"),
    /** {@code cellId}, {@code output}: a chunk of stdout/stderr while the cell runs. */
    CELL_OUTPUT("cellOutput"),
    /** {@code runId}, {@code cellIds}: the cells the run planned. */
    RUN_STARTED("runStarted"),
    /** {@code runId}. */
    RUN_FINISHED("runFinished"),
    /** The client missed events it cannot be sent: fetch a snapshot with {@code notebook.get}. */
    RESYNC("resync"),
    /**
     * {@code notice}: something about the notebook's file that a person should see: it was
     * moved or deleted outside Cellar (edits are refused until it is saved again or closed),
     * it is back, or a header change from the file waits for a person's confirmation.
     */
    NOTEBOOK_FILE("notebookFile"),
    /**
     * {@code kernel}: the notebook's kernel was chosen again (a person confirmed settings or an
     * interpreter, see {@code notebook.confirm}); it restarted when its Python, confinement or
     * database changed. Fetch a snapshot for the problems. Also sent, with a {@code notice}
     * saying why, when the kernel restarted ({@code kernel.restart}, a fresh batch run).
     */
    KERNEL_CHANGED("kernelChanged"),
    /** The notebook was closed in the daemon. */
    NOTEBOOK_CLOSED("notebookClosed"),
    /** {@code chat.text}: a person's message starts an assistant turn ({@code chat.turnId}). */
    CHAT_MESSAGE("chatMessage"),
    /** {@code chat.text}: a piece of the assistant's streamed answer. */
    CHAT_DELTA("chatDelta"),
    /** {@code chat.callId}, {@code chat.tool}, {@code chat.arguments}: the assistant calls a tool. */
    CHAT_TOOL_CALL("chatToolCall"),
    /** A tool call waits for a person's {@code chat.approve} ({@code chat.reason} says why). */
    CHAT_APPROVAL("chatApproval"),
    /** {@code chat.result}, {@code chat.ok}: what the tool call returned to the model. */
    CHAT_TOOL_RESULT("chatToolResult"),
    /** {@code chat.reason}: done, cancelled, error or limit; {@code chat.text} says more. */
    CHAT_TURN_ENDED("chatTurnEnded"),
    /**
     * {@code presence}: everyone attached to the notebook after a client attached, left, or
     * changed what it is doing; {@code actor} is that client's name.
     */
    PRESENCE("presence");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** One of the assistant's or an agent's turn steps, all carried by {@link Event.Chat}. */
    public boolean isChat() {
        return switch (this) {
            case CHAT_MESSAGE, CHAT_DELTA, CHAT_TOOL_CALL, CHAT_APPROVAL, CHAT_TOOL_RESULT, CHAT_TURN_ENDED -> true;
            default -> false;
        };
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static EventType parse(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type " + name);
    }
}
