/**
 * The scheduler: its logic ({@code NotebookRunner}: planning, the kernel thread's steps,
 * interrupts, restarts) and its bookkeeping (queue, runs, variable ownership). It sees the
 * notebook only through {@code RunHost}; everything but the kernel thread's work happens on
 * the notebook's command loop.
 */
package dev.cellar.daemon.run;
