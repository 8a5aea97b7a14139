package dev.cellar.daemon.notebook;

import dev.cellar.daemon.model.Notebook;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A validated mutation waiting for its save. {@code content} says how it changes the
 * notebook (pure, so it can be applied to the notebook as it is when the burst commits,
 * run states included). What follows from it (events, staleness, names to release,
 * static errors, runs) is not the edit's business: {@link EditConsequences} works it out
 * from the notebook before and after, the same for every source of edits. {@code reply}
 * answers the request once all that is done.
 */
record Edit(UnaryOperator<Notebook> content, Intent intent, Supplier<Object> reply, boolean changesFile) {

    /**
     * What the source of the edit asks of its consequences. {@code autorun}: the cells it
     * writes may start runs (when the notebook's autorun is on); {@code lastWriterWins}: it
     * did not check the versions it overwrote (told to clients with the update);
     * {@code moved}: cells it moved on purpose, which the events name as the moved ones;
     * {@code confirms}: header keys a person writes with it ({@code kernel.use}'s {@code python}),
     * which apply at once instead of waiting for a confirmation as every other header change does.
     */
    record Intent(boolean autorun, boolean lastWriterWins, Set<String> moved, Set<String> confirms) {
        static final Intent QUIET = new Intent(false, false, Set.of(), Set.of());

        static Intent writes(boolean autorun, boolean lastWriterWins) {
            return new Intent(autorun, lastWriterWins, Set.of(), Set.of());
        }

        static Intent moves(String cellId) {
            return new Intent(false, false, Set.of(cellId), Set.of());
        }

        /** A header edit; {@code confirms}: the keys a person chose (empty: it waits like a file's). */
        static Intent header(Set<String> confirms) {
            return new Intent(false, false, Set.of(), Set.copyOf(confirms));
        }
    }

    Edit(UnaryOperator<Notebook> content, Intent intent, Supplier<Object> reply) {
        this(content, intent, reply, true);
    }

    /** A request that changes nothing (code equal to what is there): answered in its turn, nothing to save. */
    static Edit none(Supplier<Object> reply) {
        return new Edit(UnaryOperator.identity(), Intent.QUIET, reply, false);
    }
}
