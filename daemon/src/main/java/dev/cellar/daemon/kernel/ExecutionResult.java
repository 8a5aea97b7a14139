package dev.cellar.daemon.kernel;

import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.Output;

/** How a cell ended: its display value (may be null), or the error that stopped it. */
public record ExecutionResult(Output display, CellError error, Outcome outcome) {

    public enum Outcome { OK, ERROR, INTERRUPTED }

    public static ExecutionResult ok(Output display) {
        return new ExecutionResult(display, null, Outcome.OK);
    }

    public static ExecutionResult error(CellError error) {
        return new ExecutionResult(null, error, Outcome.ERROR);
    }

    public static ExecutionResult interrupted(CellError why) {
        return new ExecutionResult(null, why, Outcome.INTERRUPTED);
    }
}
