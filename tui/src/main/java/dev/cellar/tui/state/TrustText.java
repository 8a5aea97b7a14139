package dev.cellar.tui.state;

import dev.cellar.protocol.method.ConfirmResult;
import java.util.ArrayList;
import java.util.List;

/** What waits for a person's confirmation ({@code notebook.confirm}), as one line with the question. */
public final class TrustText {
    private TrustText() {
    }

    public static String question(ConfirmResult waiting) {
        List<String> parts = new ArrayList<>();
        for (ConfirmResult.SettingChange c : waiting.header()) {
            parts.add(c.key() + ": " + shown(c.from()) + " -> " + shown(c.to()));
        }
        if (waiting.interpreter() != null) {
            ConfirmResult.PendingInterpreter p = waiting.interpreter();
            parts.add("python " + p.path() + " (" + (p.previousSha256() == null ? "new" : "changed") + ", sha256 "
                    + p.sha256().substring(0, 12) + "…)");
        }
        return "confirm " + String.join(", ", parts) + "? y/n";
    }

    private static String shown(String value) {
        return value == null ? "(not set)" : value;
    }
}
