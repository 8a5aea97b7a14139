package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the keymap: on which screen, which keys, what the help says, what the footer
 * says (and how much it matters there), when it applies, and what it does.
 *
 * @param footerKeys how many of {@code keys} the footer names ({@code j/k}, not every arrow too)
 * @param rank       the footer's order of importance: 1 first; 0 keeps it out of the footer
 * @param brief      the footer's word for it, from the state (the turn a rewind undoes)
 * @param when       whether it applies now (an unmet one lets the key fall through to the next row)
 */
public record Binding(Mode mode, List<Key> keys, int footerKeys, String help, int rank, Function<TuiState, String> brief,
                      Predicate<TuiState> when, Action action) {

    /** What a key does: the next state and what it asks of the daemon. {@code page}: the rows a page key moves. */
    @FunctionalInterface
    public interface Action {
        Step apply(TuiState s, KeyStroke k, int page);
    }

    public Binding {
        keys = List.copyOf(keys);
    }

    public boolean matches(TuiState s, KeyStroke k) {
        return keys.stream().anyMatch(key -> key.matches(k)) && when.test(s);
    }

    /** Every key, as the help and the README list them: {@code j/k/Down/Up}. */
    public String label() {
        return names(keys.size());
    }

    /** The footer's hint ({@code j/k move}), or "" when the binding is not in the footer or its brief is empty. */
    public String hint(TuiState s) {
        String b = rank == 0 ? "" : brief.apply(s);
        return b.isEmpty() ? "" : names(footerKeys) + " " + b;
    }

    /** The first {@code n} keys; a modifier is written once for a run of keys that share it ({@code Ctrl-X/C/V}). */
    private String names(int n) {
        StringBuilder out = new StringBuilder();
        Key previous = null;
        for (Key k : keys.subList(0, Math.min(n, keys.size()))) {
            boolean shared = previous != null && !k.modifiers().isEmpty() && k.modifiers().equals(previous.modifiers());
            out.append(previous == null ? "" : "/").append(shared ? k.base() : k.name());
            previous = k;
        }
        return out.toString();
    }
}
