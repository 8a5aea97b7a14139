package dev.cellar.daemon.run;

import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.kernel.Confinement;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.event.Draft;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.Output;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The notebook as the scheduler sees it: the one writer's state and the only ways the
 * scheduler changes it. Every method but {@link #current}, {@link #onLoop} and the ones
 * named as such is called on the notebook's command loop; the kernel thread reports back
 * through {@link #onLoop}.
 */
public interface RunHost {
    String notebookId();

    /** The notebook with streamed text folded in (loop only). */
    Notebook notebook();

    /** A snapshot readable from any thread. */
    Notebook current();

    DependencyGraph graph();

    List<String> topologicalOrder();

    StaticErrors staticErrors();

    /** Changes a cell's run state and tells every subscriber. */
    void setState(Origin origin, String cellId, UnaryOperator<Cell> change);

    void publish(Draft draft);

    List<CellInfo> infos(List<String> cellIds);

    /** Runs a task on the command loop. */
    <T> CompletableFuture<T> onLoop(Supplier<T> task);

    void appendStream(String cellId, String stream, String text);

    void appendOutput(String cellId, Output output);

    /** A cell's version, or -1 when it is gone, without folding streamed text in. */
    long cellVersion(String cellId);

    /** The Python the kernel starts on (any thread). */
    Interpreter interpreter();

    /** How the kernel is confined (any thread). */
    Confinement confinement();

    /** Whether this SQL cell runs by itself after an edit upstream ({@code sql-autorun=}, else by the cell's connection). */
    boolean sqlAutoruns(Cell cell);
}
