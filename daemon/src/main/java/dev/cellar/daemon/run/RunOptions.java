package dev.cellar.daemon.run;

import java.time.Duration;
import java.util.Map;

/**
 * How a run goes, beyond which cells: parameter values (name → JSON text) that replace
 * what the notebook's parameters cell sets, a per-cell time limit for this run (null: the
 * notebook's), whether the first failure stops the run, and whether it starts on a fresh
 * kernel (a batch run's: nothing carries over from what ran before). {@code automatic}: nobody
 * asked for this run, an edit upstream or a changed data file started it (autorun), so SQL
 * cells that do not autorun on their connection are left stale ({@link RunHost#sqlAutoruns}).
 */
public record RunOptions(Map<String, String> parameters, Duration cellTimeout, boolean failFast, boolean freshKernel,
                         boolean automatic) {
    public static final RunOptions DEFAULT = new RunOptions(Map.of(), null, false, false, false);
    public static final RunOptions AUTOMATIC = new RunOptions(Map.of(), null, false, false, true);

    public RunOptions {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public RunOptions(Map<String, String> parameters, Duration cellTimeout, boolean failFast) {
        this(parameters, cellTimeout, failFast, false, false);
    }

    public RunOptions(Map<String, String> parameters, Duration cellTimeout, boolean failFast, boolean freshKernel) {
        this(parameters, cellTimeout, failFast, freshKernel, false);
    }
}
