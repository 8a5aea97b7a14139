/** Static analysis of cells: which names a cell defines and reads. Python through Python's own ast in a dedicated GraalPy context. */
package dev.cellar.daemon.analysis;
