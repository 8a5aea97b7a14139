package dev.cellar.protocol.model;

import java.util.List;

/**
 * Why a cell did not produce a result: a Python exception ({@code ename} is its type), a
 * static problem found before running ({@code ename} is {@code SyntaxError},
 * {@code MultipleDefinitionError}, {@code CycleError} or {@code BlockedError}), or an
 * interrupt/timeout. {@code line} is the line in the cell's own code, or 0.
 */
public record CellError(String ename, String message, List<String> traceback, int line) {
    public CellError {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
    }

    public static CellError of(String ename, String message) {
        return new CellError(ename, message, List.of(), 0);
    }

    /** One line for a terminal: {@code ZeroDivisionError: division by zero}. */
    public String summary() {
        return message == null || message.isEmpty() ? ename : ename + ": " + message;
    }
}
