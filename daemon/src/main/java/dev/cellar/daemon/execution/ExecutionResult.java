package dev.cellar.daemon.execution;

import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.Output;

/**
 * How a cell ended: its display value (may be null), or the error that stopped it.
 * {@code kernelLost}: the kernel lost every variable on the way (its worker died or was
 * killed and will be restarted), so what other cells computed is gone too.
 */
public record ExecutionResult(Output display, CellError error, Outcome outcome, boolean kernelLost) {

    public enum Outcome { OK, ERROR, INTERRUPTED }

    public static ExecutionResult ok(Output display) {
        return new ExecutionResult(display, null, Outcome.OK, false);
    }

    public static ExecutionResult error(CellError error) {
        return new ExecutionResult(null, error, Outcome.ERROR, false);
    }

    public static ExecutionResult interrupted(CellError why) {
        return new ExecutionResult(null, why, Outcome.INTERRUPTED, false);
    }

    public ExecutionResult withKernelLost() {
        return new ExecutionResult(display, error, outcome, true);
    }
}
