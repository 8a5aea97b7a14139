/**
 * What a kernel and the SQL runner share, so neither reaches into the other: a cell to run,
 * its result, the paths no cell may read, and a page asked of a kept table.
 */
package dev.cellar.daemon.execution;
