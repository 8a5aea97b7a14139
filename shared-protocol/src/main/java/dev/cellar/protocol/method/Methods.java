package dev.cellar.protocol.method;

/** JSON-RPC method names (docs/ARCHITECTURE.md §8). Clients and checks rely on these exact strings. */
public final class Methods {
    /**
     * A notification a client sends first: {@code {clientName, token?}}; names the client in
     * events ({@code user:<name>}, {@code agent:<name>}) and, over TCP, carries its token.
     */
    public static final String DAEMON_HELLO = "daemon.hello";
    public static final String DAEMON_INFO = "daemon.info";
    public static final String DAEMON_SHUTDOWN = "daemon.shutdown";
    public static final String NOTEBOOK_OPEN = "notebook.open";
    public static final String NOTEBOOK_GET = "notebook.get";
    public static final String NOTEBOOK_SUBSCRIBE = "notebook.subscribe";
    public static final String NOTEBOOK_CLOSE = "notebook.close";
    /** {@code SaveParams} → {@code NotebookSnapshot}: writes the notebook to its file again, or to another path. */
    public static final String NOTEBOOK_SAVE = "notebook.save";
    public static final String NOTEBOOK_RUN_ALL = "notebook.runAll";
    public static final String NOTEBOOK_INTERRUPT = "notebook.interrupt";
    /** Stops the notebook's kernel and forgets its variables; every cell that ran becomes stale. */
    public static final String KERNEL_RESTART = "kernel.restart";
    /**
     * {@code KernelUseParams} → {@code KernelUseResult}: writes {@code python=} in the notebook's
     * header as an edit; a person's choice applies at once (the kernel restarts on it), an agent's
     * waits for a person's confirmation, as any widening does.
     */
    public static final String KERNEL_USE = "kernel.use";
    /**
     * {@code NotebookParams} → {@code InterpretersResult}: the Pythons a notebook could run on, with
     * their versions and whether numpy, pandas and matplotlib import (probed where that is safe).
     */
    public static final String KERNEL_INTERPRETERS = "kernel.interpreters";
    /**
     * Shows ({@code dryRun}) or confirms what the trust records hold back: header settings that
     * widen rights, an interpreter a confined cell could have planted ({@code cellar confirm}).
     */
    public static final String NOTEBOOK_CONFIRM = "notebook.confirm";
    /**
     * {@code NotebookParams} → {@code FixResult}: rewrites the notebook's Python cells so each name
     * is defined in one cell (rewrite.py), as one edit of a turn of its own, so it can be rewound.
     */
    public static final String NOTEBOOK_FIX = "notebook.fix";

    /** Opens a named connection ({@code sql=@NAME}) as a notebook would, and says whether it answers ({@code cellar connection test}). */
    public static final String CONNECTION_TEST = "connection.test";
    public static final String CELL_CREATE = "cell.create";
    /** {@code CreateCellsParams} → {@code CellsResult}: many cells as one edit (what {@code cellar import} sends). */
    public static final String CELL_CREATE_MANY = "cell.createMany";
    public static final String CELL_UPDATE = "cell.update";
    public static final String CELL_DELETE = "cell.delete";
    public static final String CELL_MOVE = "cell.move";
    public static final String CELL_RUN = "cell.run";
    /** One cell in full: how a notebook too large to send whole is read. */
    public static final String CELL_GET = "cell.get";
    /**
     * {@code TableRowsParams} → {@code TableRows}: a page of rows of a cell's table output, from
     * the kernel's table (a DataFrame's) or the daemon's spool (an SQL result), never all at once.
     */
    public static final String TABLE_ROWS = "table.rows";

    public static final String CHAT_SEND = "chat.send";
    public static final String CHAT_CANCEL = "chat.cancel";
    public static final String CHAT_APPROVE = "chat.approve";
    public static final String CHAT_HISTORY = "chat.history";
    /** Undoes an assistant's or agent's turn as one edit; CONFLICT lists cells changed since. */
    public static final String CHAT_REWIND = "chat.rewind";
    /** The tool calls waiting for a person's approval (for {@code cellar approve}). */
    public static final String CHAT_PENDING = "chat.pending";

    /** The tools an external agent may call (the assistant's, with a notebook argument). */
    public static final String AGENT_TOOLS = "agent.tools";
    /** One tool call of an external agent, run by the daemon as the assistant's tools are. */
    public static final String AGENT_CALL = "agent.call";

    /** Tells the notebook's other clients what this client is doing there (which cell it edits or runs). */
    public static final String PRESENCE_UPDATE = "presence.update";

    /** The notification the daemon sends for every notebook event. */
    public static final String EVENT = "event";

    private Methods() {
    }

    /**
     * Methods that stop or steer work already running, with small answers: the daemon
     * handles them at once, even for a client whose other requests wait for it to read.
     */
    public static boolean isControl(String method) {
        return switch (method) {
            case NOTEBOOK_INTERRUPT, CHAT_CANCEL, CHAT_APPROVE, DAEMON_SHUTDOWN -> true;
            default -> false;
        };
    }
}
