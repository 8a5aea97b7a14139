/**
 * Static analysis of cells: which names a cell defines and reads. Python through Python's
 * own ast, on the notebook's own interpreter (a worker process for the user's Python, a
 * dedicated GraalPy context for notebooks on GraalPy), cached by source text.
 */
package dev.cellar.daemon.analysis;
