package dev.cellar.daemon.notebook;

import dev.cellar.protocol.model.CellKind;
import java.util.List;

/**
 * Everything a client (user or assistant) can ask of a notebook. Each is handled on the
 * notebook's command loop, the only place notebook state changes; the sealed hierarchy
 * lets the compiler check that {@link NotebookSession} handles every one.
 */
public sealed interface Command {

    record Snapshot() implements Command { }

    record Subscribe(Subscriber subscriber, Long sinceSeq) implements Command { }

    record Unsubscribe(Subscriber subscriber) implements Command { }

    record CreateCell(CellKind kind, String code, Integer index, String afterCellId, String out) implements Command { }

    record UpdateCell(String cellId, String code, Long expectedVersion) implements Command { }

    record DeleteCell(String cellId, Long expectedVersion) implements Command { }

    record MoveCell(String cellId, int index) implements Command { }

    /** Runs these cells (all runnable cells when {@code cellIds} is null) and everything downstream. */
    record Run(List<String> cellIds, boolean awaitResult) implements Command { }

    record Interrupt() implements Command { }
}
