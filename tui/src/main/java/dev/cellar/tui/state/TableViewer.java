package dev.cellar.tui.state;

import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.method.TableRowsParams;
import dev.cellar.protocol.model.Output;
import java.util.List;

/**
 * The table viewer over one cell's table output: which rows are shown ({@code top}), which
 * column is selected ({@code column}, sorted by {@code s}, kept in view) and the first of the
 * scrolling columns ({@code left}; the first column stays pinned), the sort and the search,
 * and the rows fetched so far: a window of the view, read from the daemon a page at a time
 * ({@code table.rows}), never the whole table. {@code query} is the search being typed.
 * {@code asked} counts the views asked for (a new sort or search): an answer for an older
 * one is dropped. {@code handle} null: the output has only its preview (no rows to fetch).
 */
public record TableViewer(String cellId, String handle, List<Output.Column> columns, long total, long matching,
                          long windowStart, List<List<Object>> window, long top, int column, int left, String sort,
                          boolean descending, String search, boolean typing, String query, long asked, boolean loading,
                          String note) {
    /** Rows asked for at once: many screens' worth, so paging mostly reads what is already here. */
    public static final int FETCH = 1_000;
    /** How far before the top a fetch starts, so paging up is served from the window too. */
    public static final int BEHIND = 200;

    public TableViewer {
        columns = List.copyOf(columns);
        window = List.copyOf(window);
    }

    /** The viewer on a table output, showing its preview until the first page arrives. */
    public static TableViewer of(String cellId, Output.Table t) {
        return new TableViewer(cellId, t.handle(), t.columns(), t.rowCount(), t.rowCount(), 0, t.rows(), 0, 0, 1, null,
                false, null, false, "", 0, t.pageable(), t.pageable() ? "" : "only the preview: run the cell to page every row");
    }

    /** The rows this viewer can show now ({@code matching}; only the preview's when it cannot fetch). */
    public long rowCount() {
        return handle == null ? window.size() : matching;
    }

    /** Row {@code i} of the view, or null while it is not fetched. */
    public List<Object> row(long i) {
        long at = i - windowStart;
        return at >= 0 && at < window.size() ? window.get((int) at) : null;
    }

    /** Whether rows {@code [from, from+count)} (within the view) are all here. */
    public boolean holds(long from, int count) {
        long end = Math.min(rowCount(), from + count);
        return handle == null || from >= windowStart && end <= windowStart + window.size();
    }

    /** The request for the rows around {@code top} in the current view. */
    public TableRowsParams params(String notebookId) {
        long offset = Math.max(0, top - BEHIND);
        return new TableRowsParams(notebookId, cellId, offset, FETCH, sort, descending, search, handle);
    }

    /** The request for every row of the view, {@code offset} on (saving it as CSV). */
    public TableRowsParams all(String notebookId, long offset) {
        return new TableRowsParams(notebookId, cellId, offset, TableRowsParams.MAX_LIMIT, sort, descending, search, handle);
    }

    public TableViewer scrolled(long by, int page) {
        long last = Math.max(0, rowCount() - page);
        return at(Math.max(0, Math.min(top + by, last)));
    }

    private TableViewer at(long newTop) {
        return new TableViewer(cellId, handle, columns, total, matching, windowStart, window, newTop, column, left, sort,
                descending, search, typing, query, asked, loading, "");
    }

    /** Another column selected; {@code left} follows so it stays in view ({@code visible}: how many fit after the pinned one). */
    public TableViewer column(int by, int visible) {
        int c = Math.max(0, Math.min(columns.size() - 1, column + by));
        int l = left;
        if (c >= 1 && c < l) {
            l = c;
        } else if (c >= l + Math.max(1, visible)) {
            l = c - Math.max(1, visible) + 1;
        }
        return new TableViewer(cellId, handle, columns, total, matching, windowStart, window, top, c, Math.max(1, l), sort,
                descending, search, typing, query, asked, loading, "");
    }

    /** Sorted by the selected column: ascending, then descending, then as the table is. */
    public TableViewer sortedBySelected() {
        String name = columns.isEmpty() ? null : columns.get(column).name();
        String nextSort = name;
        boolean nextDesc = false;
        if (name != null && name.equals(sort)) {
            if (!descending) {
                nextDesc = true;
            } else {
                nextSort = null;
            }
        }
        return refetch(nextSort, nextDesc, search);
    }

    /** A view with this sort and search, from its first row; its rows are fetched anew. */
    public TableViewer refetch(String newSort, boolean newDesc, String newSearch) {
        return new TableViewer(cellId, handle, columns, total, matching, 0, List.of(), 0, column, left, newSort, newDesc,
                newSearch, false, "", asked + 1, true, "");
    }

    public TableViewer typing(String text) {
        return new TableViewer(cellId, handle, columns, total, matching, windowStart, window, top, column, left, sort,
                descending, search, true, text, asked, loading, "");
    }

    public TableViewer stopTyping() {
        return new TableViewer(cellId, handle, columns, total, matching, windowStart, window, top, column, left, sort,
                descending, search, false, "", asked, loading, "");
    }

    /** A fetch is under way (so the same one is not asked again). */
    public TableViewer fetching() {
        return new TableViewer(cellId, handle, columns, total, matching, windowStart, window, top, column, left, sort,
                descending, search, typing, query, asked, true, note);
    }

    /** A page arrived for view {@code forView}: it becomes the window (dropped when a newer view was asked for since). */
    public TableViewer received(TableRows rows, long forView) {
        if (forView != asked) {
            return this;
        }
        long newTop = Math.min(top, Math.max(0, rows.matchingRows() - 1));
        return new TableViewer(cellId, rows.handle(), rows.columns(), rows.totalRows(), rows.matchingRows(), rows.offset(),
                rows.rows(), newTop, Math.min(column, Math.max(0, rows.columns().size() - 1)), left, sort, descending, search,
                typing, query, asked, false, note);
    }

    public TableViewer withNote(String text) {
        return new TableViewer(cellId, handle, columns, total, matching, windowStart, window, top, column, left, sort,
                descending, search, typing, query, asked, false, text);
    }

    /** Whether column {@code j}'s values (those here) are numbers, so the view right-aligns them. */
    public boolean numeric(int j) {
        boolean any = false;
        for (List<Object> r : window) {
            Object v = j < r.size() ? r.get(j) : null;
            if (v != null && !(v instanceof Number)) {
                return false;
            }
            any |= v != null;
        }
        String type = j < columns.size() && columns.get(j).type() != null ? columns.get(j).type().toLowerCase(java.util.Locale.ROOT) : "";
        return any || type.matches(".*(int|float|double|decimal|numeric|real).*");
    }
}
