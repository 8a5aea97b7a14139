package dev.cellar.daemon.notebook;

import dev.cellar.daemon.graph.DependencyGraph;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A validated mutation waiting for its save. {@code content} and {@code graph} say how it
 * changes the notebook (pure, so they can be applied to the notebook as it is when the
 * burst commits, run states included); {@code committed} runs once it is durable: it
 * publishes the events, starts what follows (staleness, autorun) and returns the reply.
 */
record Edit(UnaryOperator<Notebook> content, UnaryOperator<DependencyGraph> graph, Supplier<Object> committed,
            boolean changesFile) {

    /** A request that changes nothing (code equal to what is there): answered in its turn, nothing to save. */
    static Edit none(Supplier<Object> reply) {
        return new Edit(UnaryOperator.identity(), UnaryOperator.identity(), reply, false);
    }
}
