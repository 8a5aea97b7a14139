package dev.cellar.daemon.run;

import java.time.Duration;
import java.util.Map;

/**
 * How a run goes, beyond which cells: parameter values (name → JSON text) that replace
 * what the notebook's parameters cell sets, a per-cell time limit for this run (null: the
 * notebook's), and whether the first failure stops the run.
 */
public record RunOptions(Map<String, String> parameters, Duration cellTimeout, boolean failFast) {
    public static final RunOptions DEFAULT = new RunOptions(Map.of(), null, false);

    public RunOptions {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
