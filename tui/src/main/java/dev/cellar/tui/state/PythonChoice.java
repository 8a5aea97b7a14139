package dev.cellar.tui.state;

import dev.cellar.protocol.method.InterpretersResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python picker ({@code P}): the interpreters the daemon found ({@code null} while it asks
 * them), the one highlighted and the notebook's {@code python=} now. Nothing changes until Enter,
 * which writes the header through {@code kernel.use}.
 */
public record PythonChoice(String current, List<InterpretersResult.Choice> choices, int chosen) {
    public static final PythonChoice LOADING = new PythonChoice(null, null, 0);

    /** The list as the daemon answered it, opened on the Python the notebook runs on. */
    public static PythonChoice of(InterpretersResult found) {
        List<InterpretersResult.Choice> list = found.interpreters();
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).running()) {
                at = i;
            }
        }
        return new PythonChoice(found.current(), list, at);
    }

    public boolean loading() {
        return choices == null;
    }

    public PythonChoice move(int by) {
        return loading() || choices.isEmpty() ? this
                : new PythonChoice(current, choices, Math.floorMod(chosen + by, choices.size()));
    }

    /** The highlighted Python, or null while loading. */
    public InterpretersResult.Choice choice() {
        return loading() || choices.isEmpty() ? null : choices.get(chosen);
    }

    /** The picker as lines: two per Python (what {@code python=} becomes, where it was found; what it is). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Choose the Python this notebook runs on (python=" + printable(current) + " now)");
        out.add("");
        if (loading()) {
            out.add("  asking the Pythons found what they are…");
            return out;
        }
        for (int i = 0; i < choices.size(); i++) {
            InterpretersResult.Choice c = choices.get(i);
            out.add((i == chosen ? "> " : "  ") + printable(c.python()) + (c.running() ? "  (runs now)" : "")
                    + "  from " + printable(c.found()));
            out.add("      " + printable(c.summary()));
        }
        return out;
    }

    /** File names are anyone's: a control character in one is shown as {@code ?}, never sent to the terminal. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
