package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analyzers;
import dev.cellar.daemon.kernel.Interpreters;
import dev.cellar.daemon.kernel.Kernel;
import dev.cellar.daemon.kernel.KernelSpec;
import dev.cellar.daemon.store.NotebookStore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What a notebook session borrows from the daemon: the file store, how to find the
 * notebook's Python and its analyser, how to make a notebook's kernel, and a timer thread
 * for interrupts and time limits. {@code prestartGraalPy}: a notebook on embedded GraalPy
 * starts its worker JVM when it opens (seconds of start-up, spent while the user reads),
 * not at its first run. {@code approval}: the daemon's approval policy for agents' edits
 * ({@code auto}, {@code ask-destructive}, {@code ask-all}), where a notebook's header names none:
 * edits from the notebook's file follow it too.
 */
public record SessionServices(NotebookStore store, Interpreters interpreters, Analyzers analyzers,
                              Function<KernelSpec, Kernel> kernels, ScheduledExecutorService timers,
                              boolean prestartGraalPy, String approval) {
    public SessionServices(NotebookStore store, Interpreters interpreters, Analyzers analyzers,
                           Function<KernelSpec, Kernel> kernels, ScheduledExecutorService timers,
                           boolean prestartGraalPy) {
        this(store, interpreters, analyzers, kernels, timers, prestartGraalPy, "ask-destructive");
    }
}
