/**
 * The kernel SPI (run a cell, clear variables, interrupt, close), how a notebook's Python
 * is chosen ({@link dev.cellar.daemon.kernel.Interpreters}), and the notebook kernel that
 * puts Python and SQL cells in one namespace. Implementations live in subpackages:
 * {@code worker} (processes) and {@code graalpy} (the embedded interpreter they host).
 */
package dev.cellar.daemon.kernel;
