package dev.cellar.protocol.method;

public record DeleteCellParams(String notebookId, String cellId, Long expectedVersion) {
}
