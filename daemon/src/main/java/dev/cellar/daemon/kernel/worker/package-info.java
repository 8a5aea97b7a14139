/**
 * Kernels in worker processes: the daemon never runs cell code itself. A worker is the
 * user's Python running worker.py (sent by the daemon, nothing installed), or embedded
 * GraalPy in a JVM of its own ({@link dev.cellar.daemon.kernel.worker.GraalPyWorkerMain});
 * both speak the same frames ({@code WorkerChannel}). This package starts, talks to,
 * interrupts and kills workers, and turns their deaths into errors a person can read. It
 * does not decide what runs when: that is the scheduler's ({@code notebook}/{@code run}).
 */
package dev.cellar.daemon.kernel.worker;
