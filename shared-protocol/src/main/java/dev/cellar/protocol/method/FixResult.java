package dev.cellar.protocol.method;

import java.util.List;

/**
 * What {@code notebook.fix} did: the lines saying what changed ({@code fig → fig_1 in cells 4–6})
 * and what is left for a person (names hidden in eval strings), the cells it rewrote, the
 * revision after it (null: nothing changed) and the turn to rewind to undo it.
 */
public record FixResult(List<String> changes, List<String> problems, List<String> changedCells, Long revision,
                        String turnId) {
}
