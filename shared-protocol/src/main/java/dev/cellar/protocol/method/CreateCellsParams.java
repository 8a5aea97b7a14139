package dev.cellar.protocol.method;

import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;
import java.util.List;

/**
 * {@code cell.createMany}: {@code cells} added in this order as one edit (one analysis of them
 * all, one save, one {@code cellCreated} event each), at {@code index} or after
 * {@code afterCellId}, else at the end. {@code autorun} false keeps them from running (importing
 * is not running). {@code rewrite}: the Python cells are first rewritten so each name is defined
 * in one cell (rewrite.py, as {@code notebook.fix} does, numbered from where they land), and the
 * answer says what changed ({@code cellar run X.ipynb}). Each cell is what {@link CreateCellParams}
 * says of one cell. The request must fit in one frame: a client with more sends several.
 */
public record CreateCellsParams(String notebookId, Integer index, String afterCellId, Boolean autorun, Boolean rewrite,
                                List<NewCell> cells) {

    /**
     * One new cell: as {@link CreateCellParams}'s fields of the same names; an SQL cell's {@code conn}
     * and {@code cache} as {@code CellInfo}'s (written on its marker line).
     */
    public record NewCell(CellKind kind, String code, String out, List<String> tags, List<Output> outputs, String conn,
                          boolean cache) {
        public NewCell(CellKind kind, String code, String out, List<String> tags, List<Output> outputs) {
            this(kind, code, out, tags, outputs, null, false);
        }
    }
}
