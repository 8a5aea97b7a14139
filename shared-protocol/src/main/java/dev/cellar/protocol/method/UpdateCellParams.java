package dev.cellar.protocol.method;

/** {@code cell.update}: with {@code expectedVersion}, a newer cell is a {@code CONFLICT}. */
public record UpdateCellParams(String notebookId, String cellId, String code, Long expectedVersion) {
}
