package dev.cellar.tui.state;

import java.util.ArrayList;
import java.util.List;

/** The state after a key or an answer, and what it asks the UI loop to do ({@link Effect}s, in order). */
public record Step(TuiState state, List<Effect> effects) {

    public Step {
        effects = List.copyOf(effects);
    }

    public static Step of(TuiState s) {
        return new Step(s, List.of());
    }

    public static Step of(TuiState s, Effect effect) {
        return new Step(s, List.of(effect));
    }

    public Step and(Effect effect) {
        List<Effect> more = new ArrayList<>(effects);
        more.add(effect);
        return new Step(state, more);
    }

    /** The requests among the effects (for tests and the loop). */
    public List<Effect.Request> requests() {
        return effects.stream().filter(Effect.Request.class::isInstance).map(Effect.Request.class::cast).toList();
    }
}
