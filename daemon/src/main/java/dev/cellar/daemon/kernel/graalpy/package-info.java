/** The GraalPy kernel: one context per notebook on one shared engine, sandboxed to the notebook's folder. */
package dev.cellar.daemon.kernel.graalpy;
