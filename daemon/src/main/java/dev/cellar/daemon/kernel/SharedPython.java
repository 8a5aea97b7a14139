package dev.cellar.daemon.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Python both kernels share, so a notebook behaves the same on GraalPy and on the user's
 * CPython: SQL values and tables (sql_bridge.py), error reports (cell_errors.py), outputs and
 * {@code display()} (outputs.py) and the cell runner (cells.py). Each kernel loads them as
 * modules under these names, in this order (a module imports those before it), then runs
 * its own transport (worker.py, graalpy/kernel.py).
 */
public final class SharedPython {
    private SharedPython() {
    }

    /** Module name to source, in load order. */
    public static Map<String, String> modules() {
        Map<String, String> modules = new LinkedHashMap<>();
        modules.put("cellar_sql", Resources.text(SharedPython.class, "sql_bridge.py"));
        modules.put("cellar_errors", Resources.text(SharedPython.class, "cell_errors.py"));
        modules.put("cellar_outputs", Resources.text(SharedPython.class, "outputs.py"));
        modules.put("cellar_cells", Resources.text(SharedPython.class, "cells.py"));
        return modules;
    }
}
