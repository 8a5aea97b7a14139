package dev.cellar.daemon.run;

import java.time.Duration;
import java.util.Map;

/**
 * How a run goes, beyond which cells: parameter values (name → JSON text) that replace
 * what the notebook's parameters cell sets, a per-cell time limit for this run (null: the
 * notebook's), whether the first failure stops the run, and whether it starts on a fresh
 * kernel (a batch run's: nothing carries over from what ran before).
 */
public record RunOptions(Map<String, String> parameters, Duration cellTimeout, boolean failFast, boolean freshKernel) {
    public static final RunOptions DEFAULT = new RunOptions(Map.of(), null, false, false);

    public RunOptions {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public RunOptions(Map<String, String> parameters, Duration cellTimeout, boolean failFast) {
        this(parameters, cellTimeout, failFast, false);
    }
}
