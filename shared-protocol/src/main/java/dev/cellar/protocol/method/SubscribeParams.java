package dev.cellar.protocol.method;

/** {@code notebook.subscribe}: with {@code sinceSeq}, the events after it are replayed first. */
public record SubscribeParams(String notebookId, Long sinceSeq) {
}
