/**
 * The notebook model and its one writer, NotebookSession: every change of a notebook is a command on its loop, and so is
 * who is attached to it (presence). Also the registry of open notebooks, and the checkpoints of assistant and agent turns
 * with their rewind (one edit).
 */
package dev.cellar.daemon.notebook;
