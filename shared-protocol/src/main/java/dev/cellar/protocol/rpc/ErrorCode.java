package dev.cellar.protocol.rpc;

/**
 * Every error code Cellar answers with: the JSON-RPC 2.0 standard codes, then the
 * application codes in -32000…-32099. Clients switch on these, so numbers never change.
 */
public enum ErrorCode {
    PARSE_ERROR(-32700, "Parse error"),
    INVALID_REQUEST(-32600, "Invalid Request"),
    METHOD_NOT_FOUND(-32601, "Method not found"),
    INVALID_PARAMS(-32602, "Invalid params"),
    INTERNAL_ERROR(-32603, "Internal error"),

    NOTEBOOK_NOT_FOUND(-32001, "Notebook not found"),
    CELL_NOT_FOUND(-32002, "Cell not found"),
    CONFLICT(-32003, "Conflict"),
    NOTEBOOK_IO(-32004, "Notebook file error"),
    NOTEBOOK_EXISTS(-32005, "Notebook already exists"),
    SHUTTING_DOWN(-32006, "Daemon is shutting down"),
    FRAME_TOO_LARGE(-32007, "Message too large"),
    ASSISTANT_NOT_CONFIGURED(-32008, "Assistant not configured"),
    ASSISTANT_BUSY(-32009, "Assistant busy"),
    /** An answer longer than a frame: its data says how to read the same thing in parts. */
    TOO_LARGE_TO_SEND(-32010, "Too large to send"),
    /**
     * {@code table.rows} on a table whose rows are no longer kept: the cell was edited or ran
     * again, or the kernel restarted; running the cell makes it anew.
     */
    TABLE_GONE(-32011, "Table gone");

    private final int code;
    private final String title;

    ErrorCode(int code, String title) {
        this.code = code;
        this.title = title;
    }

    public int code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The code with this number; unknown numbers (a newer daemon) read as internal errors. */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL_ERROR;
    }
}
