package dev.cellar.protocol.method;

/** {@code cell.get}: one cell of an open notebook. */
public record CellParams(String notebookId, String cellId) {
}
