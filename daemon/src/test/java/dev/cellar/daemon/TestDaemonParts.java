package dev.cellar.daemon;

import dev.cellar.daemon.analysis.Analyzers;
import dev.cellar.daemon.kernel.Interpreters;
import dev.cellar.daemon.kernel.NotebookKernel;
import dev.cellar.daemon.notebook.SessionServices;
import dev.cellar.daemon.store.NotebookStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The daemon's parts shared by every test in this JVM: the analysers and one timer thread
 * (the GraalPy engine itself is shared by {@code PythonEngine}), so each test class does
 * not pay GraalPy's start-up again. Tests where Python is not the point run on the fastest
 * Python to start; those about a kernel name theirs.
 */
public final class TestDaemonParts {
    private static final Analyzers ANALYZERS = new Analyzers();
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "test-timers");
        t.setDaemon(true);
        return t;
    });

    private TestDaemonParts() {
    }

    public static Analyzers analyzers() {
        return ANALYZERS;
    }

    /** Notebooks on the fastest Python to start ({@link TestPython#fastest}) unless their header says otherwise. */
    public static SessionServices services() {
        return services(TestPython.fastest());
    }

    public static SessionServices services(TestPython python) {
        return services(new NotebookStore(), python);
    }

    public static SessionServices services(NotebookStore store) {
        return services(store, TestPython.fastest());
    }

    public static SessionServices services(NotebookStore store, TestPython python) {
        return services(store, python.environment());
    }

    /** On this Python, in this home: the deny list is of {@code home}'s secrets (a temp {@code $HOME}). */
    public static SessionServices services(NotebookStore store, TestPython python, java.nio.file.Path home) {
        java.util.Map<String, String> environment = new java.util.HashMap<>(python.environment());
        environment.put("HOME", home.toString());
        return services(store, environment);
    }

    /** With the daemon's environment given: the Python it finds, the home whose secrets it hides. */
    public static SessionServices services(NotebookStore store, java.util.Map<String, String> environment) {
        return new SessionServices(store, new Interpreters(withTrustRecords(environment)), ANALYZERS,
                spec -> new NotebookKernel(spec, null), TIMERS, false);
        // (the embedded default database, whatever CELLAR_SQL_URL says in the developer's shell)
    }

    /**
     * For tests of the scheduler that start no Python: notebooks on (never started) GraalPy,
     * analysed by {@code analyzers} (e.g. {@code Analyzers.using(new TinyAnalyzer())}), their
     * kernels made by {@code kernels} (e.g. {@code ScriptedKernels}).
     */
    public static SessionServices withoutPython(Analyzers analyzers,
                                                java.util.function.Function<dev.cellar.daemon.kernel.KernelSpec,
                                                        dev.cellar.daemon.kernel.Kernel> kernels) {
        return new SessionServices(new NotebookStore(), new Interpreters(withTrustRecords(TestPython.GRAALPY.environment())),
                analyzers, kernels, TIMERS, false);
    }

    /**
     * Tests that give no home of their own keep their trust records in this JVM's temp folder,
     * never in the developer's {@code ~/.local/state/cellar}.
     */
    public static java.util.Map<String, String> withTrustRecords(java.util.Map<String, String> environment) {
        if (environment.containsKey("HOME") || environment.containsKey("XDG_STATE_HOME")) {
            return environment;
        }
        java.util.Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("XDG_STATE_HOME", STATE.toString());
        return env;
    }

    private static final java.nio.file.Path STATE = tempState();

    private static java.nio.file.Path tempState() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cellar-test-state");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var walk = java.nio.file.Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (java.io.IOException ignored) {
                    // a temp folder left behind
                }
            }));
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
