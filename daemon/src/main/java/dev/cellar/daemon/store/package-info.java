/**
 * Notebook files: the percent format (parse/format, byte-exact round trip of what Cellar
 * wrote and of what Jupytext, VS Code or a person wrote: {@code MarkerLine} reads and writes
 * marker lines as Jupytext does, {@code CellBody} a cell's body with its escapes,
 * {@link dev.cellar.daemon.model.FileBody} the body as read, so saving keeps what did not
 * change) and atomic, durable saves.
 */
package dev.cellar.daemon.store;
