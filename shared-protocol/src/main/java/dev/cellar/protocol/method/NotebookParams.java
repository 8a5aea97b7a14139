package dev.cellar.protocol.method;

/** Params of methods that only name a notebook: get, close, interrupt. */
public record NotebookParams(String notebookId) {
}
