package dev.cellar.protocol.method;

/**
 * {@code cell.update}: with {@code expectedVersion}, a newer cell is a {@code CONFLICT}.
 * {@code kind} and {@code out} (an SQL cell's result variable; "" removes it) change the
 * cell's kind and output name when given, and are left as they are when null.
 */
public record UpdateCellParams(String notebookId, String cellId, String code, Long expectedVersion,
                               dev.cellar.protocol.model.CellKind kind, String out) {
    public UpdateCellParams(String notebookId, String cellId, String code, Long expectedVersion) {
        this(notebookId, cellId, code, expectedVersion, null, null);
    }
}
