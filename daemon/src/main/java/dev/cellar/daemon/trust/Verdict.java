package dev.cellar.daemon.trust;

import java.util.List;

/**
 * What a notebook's header may do now: {@link Applied} (as written), or {@link Held}: some
 * keys widen rights beyond what a person confirmed, so the notebook runs with
 * {@code effective} (the confirmed values of those keys) until someone confirms.
 */
public sealed interface Verdict {
    /** The rights the notebook runs with. */
    Rights effective();

    /** The header's rights, applied. */
    record Applied(Rights effective) implements Verdict {
    }

    /**
     * {@code wanted} is what the header says, {@code effective} what applies, {@code keys}
     * the held keys; {@code message} says what waits and how to confirm, for people.
     */
    record Held(Rights effective, Rights wanted, List<String> keys, String message) implements Verdict {
        public Held {
            keys = List.copyOf(keys);
        }
    }
}
