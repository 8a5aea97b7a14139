package dev.cellar.protocol.method;

import java.util.List;

/**
 * {@code cell.createMany}'s answer: the new cells' ids in the order given, the revision that has
 * them, and when asked to rewrite, what the rewrite changed and what it left for a person (as
 * {@link FixResult} says them; empty otherwise).
 */
public record CellsResult(List<String> cellIds, long revision, List<String> changes, List<String> problems) {
}
