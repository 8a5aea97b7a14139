package dev.cellar.protocol.method;

/**
 * {@code table.rows}: rows {@code [offset, offset+limit)} of a cell's table output (its last
 * one), after an optional search (rows with a value containing {@code search}, ignoring case)
 * and an optional sort ({@code sort}: a column name; {@code descending}). {@code handle}, when
 * given, is the handle of the table output the client holds: rows of another run of the cell are
 * refused rather than mixed in. {@code limit} is 1 to {@link #MAX_LIMIT}.
 */
public record TableRowsParams(String notebookId, String cellId, long offset, int limit, String sort, boolean descending,
                              String search, String handle) {
    /** The most rows one answer carries: a screen's worth many times over, well within a frame. */
    public static final int MAX_LIMIT = 10_000;
    /** The longest search text. */
    public static final int MAX_SEARCH = 1_000;

    public TableRowsParams(String notebookId, String cellId, long offset, int limit) {
        this(notebookId, cellId, offset, limit, null, false, null, null);
    }

    /** Throws IllegalArgumentException naming the field that is wrong (the daemon answers invalid params). */
    public TableRowsParams validated() {
        if (notebookId == null || notebookId.isBlank()) {
            throw new IllegalArgumentException("notebookId is required");
        }
        if (cellId == null || cellId.isBlank()) {
            throw new IllegalArgumentException("cellId is required");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (search != null && search.length() > MAX_SEARCH) {
            throw new IllegalArgumentException("search is longer than " + MAX_SEARCH + " characters");
        }
        if (sort != null && sort.length() > MAX_SEARCH) {
            throw new IllegalArgumentException("sort is longer than " + MAX_SEARCH + " characters");
        }
        return this;
    }
}
