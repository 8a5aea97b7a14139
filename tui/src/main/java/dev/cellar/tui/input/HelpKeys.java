package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.protocol.model.KernelInfo;
import dev.cellar.tui.state.KernelText;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ?} screen: what the kernel may do, in full (the status bar has room for a summary
 * only), then every key. It scrolls on a short terminal; any other key closes it. Pure.
 */
public final class HelpKeys {
    private HelpKeys() {
    }

    /** The screen's lines, unwrapped: the kernel's (none before the first snapshot), then the keymap's help. */
    public static List<String> lines(KernelInfo kernel) {
        List<String> lines = new ArrayList<>(KernelText.details(kernel));
        lines.add("Cellar — keys");
        lines.add("");
        lines.addAll(Keymap.helpLines());
        return lines;
    }

    static Step close(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS));
    }

    static Step scrolled(TuiState s, int by) {
        int top = ((Screen.Help) s.screen()).top();
        int last = Math.max(0, lines(s.kernelInfo()).size() - 1);
        return Step.of(s.to(new Screen.Help(Math.max(0, Math.min(last, top + by)))));
    }
}
