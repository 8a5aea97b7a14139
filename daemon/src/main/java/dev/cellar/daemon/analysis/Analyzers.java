package dev.cellar.daemon.analysis;

import dev.cellar.daemon.kernel.Interpreter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's analysers, one per Python: each notebook's cells are analysed by the
 * Python that will run them, so a notebook on the user's CPython never starts GraalPy.
 * Shared by all notebooks; each analyser starts on first use.
 */
public final class Analyzers implements AutoCloseable {
    private final Map<String, CellAnalyzer> byExecutable = new ConcurrentHashMap<>();
    private volatile GraalPyAnalyzer graalPy;
    /** When set, the analyser of every notebook whatever its Python (tests that start no Python). */
    private final CellAnalyzer only;

    public Analyzers() {
        this(null);
    }

    private Analyzers(CellAnalyzer only) {
        this.only = only;
    }

    /**
     * Analysers that hand every notebook this one analyser and never start a Python: for
     * tests of the graph and the scheduler, whose cells' names come from the test.
     */
    public static Analyzers using(CellAnalyzer analyzer) {
        return new Analyzers(java.util.Objects.requireNonNull(analyzer));
    }

    public CellAnalyzer forInterpreter(Interpreter interpreter) {
        if (only != null) {
            return only;
        }
        // a Python that cannot be used (or waits for a person's confirmation) is never started to analyse
        if (interpreter.embedded() || interpreter.executable() == null || interpreter.problem() != null) {
            return graalPy();
        }
        return byExecutable.computeIfAbsent(interpreter.executable().toString(), p -> new WorkerAnalyzer(interpreter));
    }

    public synchronized GraalPyAnalyzer graalPy() {
        if (graalPy == null) {
            graalPy = new GraalPyAnalyzer();
        }
        return graalPy;
    }

    @Override
    public synchronized void close() {
        if (only != null) {
            only.close();
        }
        byExecutable.values().forEach(CellAnalyzer::close);
        byExecutable.clear();
        if (graalPy != null) {
            graalPy.close();
        }
    }
}
