/**
 * Embedded GraalPy: one context per notebook, sandboxed to the notebook's folder. The
 * kernel runs inside a GraalPy worker JVM, never in the daemon; the daemon uses this
 * package only for analysing cells of notebooks on GraalPy.
 */
package dev.cellar.daemon.kernel.graalpy;
