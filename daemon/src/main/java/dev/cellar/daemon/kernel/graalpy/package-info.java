/**
 * Embedded GraalPy: one context per notebook, confined to the notebook's folder. The
 * kernel runs inside a GraalPy worker JVM, never in the daemon; the daemon uses this
 * package only for analysing cells of notebooks on GraalPy. Files are decided on real
 * paths by {@code FolderFileSystem} (walked from held directory descriptors, so no link
 * leads out, and the user's secrets stay unread); GraalPy's own home is read-only.
 * Processes, sockets, threads, native code and host classes stay GraalPy's defaults: off.
 */
package dev.cellar.daemon.kernel.graalpy;
