package dev.cellar.protocol.method;

import dev.cellar.protocol.model.CellKind;

/**
 * {@code cell.create}: at {@code index}, or after {@code afterCellId}, else at the end.
 * {@code out} names an SQL cell's result variable.
 */
public record CreateCellParams(String notebookId, CellKind kind, String code, Integer index, String afterCellId, String out) {
}
