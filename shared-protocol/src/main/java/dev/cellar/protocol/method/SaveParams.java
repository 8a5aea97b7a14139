package dev.cellar.protocol.method;

/**
 * {@code notebook.save}: writes an open notebook to its file again ({@code path} null), or to
 * {@code path} (absolute): the notebook then lives there, its chat history and turn checkpoints
 * ({@code .cellar/NAME.py.*}) move with it. A file already at {@code path} is not overwritten,
 * unless it is this notebook's own file moved there ({@code mv}, {@code git mv}).
 */
public record SaveParams(String notebookId, String path) {
}
