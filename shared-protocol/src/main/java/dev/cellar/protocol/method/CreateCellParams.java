package dev.cellar.protocol.method;

import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;

/**
 * {@code cell.create}: at {@code index}, or after {@code afterCellId}, else at the end.
 * {@code out} names an SQL cell's result variable. {@code autorun} false keeps the new
 * cell from running even when the notebook runs edits (importing is not running).
 * {@code tags}: {@code parameters} makes it the notebook's parameters cell. {@code outputs}:
 * what the cell showed where it comes from (an imported .ipynb's outputs), shown with the
 * status {@code stale} until the cell runs here. {@code conn}, {@code cache}: an SQL cell's connection
 * ({@code @NAME}, which the header's {@code conns=} must allow, or {@code duckdb}) and whether it
 * reuses a repeated query's result, written on its marker line.
 */
public record CreateCellParams(String notebookId, CellKind kind, String code, Integer index, String afterCellId, String out,
                               Boolean autorun, java.util.List<String> tags, java.util.List<Output> outputs, String conn,
                               Boolean cache) {

    public CreateCellParams(String notebookId, CellKind kind, String code, Integer index, String afterCellId, String out,
                            Boolean autorun, java.util.List<String> tags, java.util.List<Output> outputs) {
        this(notebookId, kind, code, index, afterCellId, out, autorun, tags, outputs, null, null);
    }

    public CreateCellParams(String notebookId, CellKind kind, String code, Integer index, String afterCellId, String out) {
        this(notebookId, kind, code, index, afterCellId, out, null, null, null);
    }

    public CreateCellParams(String notebookId, CellKind kind, String code, Integer index, String afterCellId, String out,
                            Boolean autorun, java.util.List<String> tags) {
        this(notebookId, kind, code, index, afterCellId, out, autorun, tags, null);
    }
}
