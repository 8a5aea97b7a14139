package dev.cellar.daemon.graph;

import java.util.List;

/** Why a cell cannot run, found from the graph alone. Errors are values: clients show {@link #describe()}. */
public sealed interface GraphProblem {

    String describe();

    /** The cell defines names that other cells define too ({@code otherCells}: some of them, not always all). */
    record MultipleDefinitions(List<String> names, List<String> otherCells) implements GraphProblem {
        @Override
        public String describe() {
            return (names.size() == 1 ? "'" + names.getFirst() + "' is" : "names " + quoted(names) + " are")
                    + " defined in more than one cell (also in " + String.join(", ", otherCells) + ")";
        }
    }

    /** The cell is part of a dependency cycle; {@code cycle} lists its cells. */
    record Cycle(List<String> cycle) implements GraphProblem {
        @Override
        public String describe() {
            return "cells depend on each other in a cycle: " + String.join(" → ", cycle) + " → " + cycle.getFirst();
        }
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
}
