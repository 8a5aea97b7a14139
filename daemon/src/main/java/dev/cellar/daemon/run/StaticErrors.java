package dev.cellar.daemon.run;

import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.graph.GraphProblem;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.protocol.model.CellError;
import java.util.HashMap;
import java.util.Map;

/**
 * Cells that cannot run until their code changes: syntax errors, names defined in more
 * than one cell, cycles. Recomputed on the command loop after every change of the graph.
 */
public final class StaticErrors {
    private Map<String, CellError> errors = Map.of();

    public static Map<String, CellError> compute(Notebook notebook, DependencyGraph graph) {
        Map<String, CellError> out = new HashMap<>();
        Map<String, GraphProblem> problems = graph.problems();
        for (Cell cell : notebook.cells()) {
            var syntax = cell.analysis().syntaxError();
            if (syntax != null) {
                out.put(cell.id(), new CellError("SyntaxError", syntax.message(), java.util.List.of(), syntax.line()));
                continue;
            }
            GraphProblem problem = problems.get(cell.id());
            if (problem != null) {
                String ename = switch (problem) {
                    case GraphProblem.MultipleDefinitions m -> "MultipleDefinitionError";
                    case GraphProblem.Cycle c -> "CycleError";
                };
                out.put(cell.id(), CellError.of(ename, problem.describe()));
            }
        }
        return out;
    }

    java.util.Set<String> cells() {
        return errors.keySet();
    }

    public boolean has(String cellId) {
        return errors.containsKey(cellId);
    }

    public CellError get(String cellId) {
        return errors.get(cellId);
    }

    public void replace(Map<String, CellError> now) {
        errors = Map.copyOf(now);
    }
}
