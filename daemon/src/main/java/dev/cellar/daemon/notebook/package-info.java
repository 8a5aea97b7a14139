/**
 * The notebook model and its one writer, NotebookSession: every change of a notebook is a command on its loop, and so is
 * who is attached to it (presence). Also the registry of open notebooks.
 */
package dev.cellar.daemon.notebook;
