package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.kernel.Kernel;
import dev.cellar.daemon.kernel.KernelSpec;
import dev.cellar.daemon.store.NotebookStore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What a notebook session borrows from the daemon: the file store, the shared analyser,
 * how to make a notebook's kernel, and a timer thread for interrupts and
 * time limits.
 */
public record SessionServices(NotebookStore store, CellAnalyzer analyzer, Function<KernelSpec, Kernel> kernels,
                              ScheduledExecutorService timers) {
}
