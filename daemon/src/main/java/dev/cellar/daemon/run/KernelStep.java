package dev.cellar.daemon.run;

import dev.cellar.daemon.execution.CellRun;
import java.time.Duration;
import java.util.Set;

/**
 * What the kernel thread does next, decided on the command loop: remove these variables,
 * then run this cell (or nothing). {@code defs} are the names the cell is expected to bind;
 * {@code timeout} is its time limit (zero: none); {@code assignAfter} are variables (name →
 * JSON text) set right after the cell succeeds: a batch run's parameters.
 */
public record KernelStep(Set<String> clear, CellRun cell, Set<String> defs, Duration timeout,
                         java.util.Map<String, String> assignAfter) {
}
