package dev.cellar.daemon;

import dev.cellar.daemon.analysis.PythonAnalyzer;
import dev.cellar.daemon.kernel.NotebookKernel;
import dev.cellar.daemon.notebook.SessionServices;
import dev.cellar.daemon.store.NotebookStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The daemon's parts shared by every test in this JVM: one analyser and one timer thread
 * (the GraalPy engine itself is shared by {@code PythonEngine}), so each test class does
 * not pay GraalPy's start-up again.
 */
public final class TestDaemonParts {
    private static final PythonAnalyzer ANALYZER = new PythonAnalyzer();
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "test-timers");
        t.setDaemon(true);
        return t;
    });

    private TestDaemonParts() {
    }

    public static PythonAnalyzer analyzer() {
        return ANALYZER;
    }

    public static SessionServices services() {
        return services(new NotebookStore());
    }

    public static SessionServices services(NotebookStore store) {
        // the embedded default database, whatever CELLAR_SQL_URL says in the developer's shell
        return new SessionServices(store, ANALYZER, spec -> new NotebookKernel(spec, null), TIMERS);
    }
}
