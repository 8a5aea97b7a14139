package dev.cellar.protocol.method;

public record MoveCellParams(String notebookId, String cellId, Integer index) {
}
