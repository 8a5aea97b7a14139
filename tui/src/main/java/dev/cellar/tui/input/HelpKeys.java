package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;

/** The help's keys: it scrolls on a short terminal; any other key closes it. Pure. */
final class HelpKeys {
    private HelpKeys() {
    }

    static Step close(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS));
    }

    static Step scrolled(TuiState s, int by) {
        int top = ((Screen.Help) s.screen()).top();
        int last = Math.max(0, Keymap.helpLines().size() - 1);
        return Step.of(s.to(new Screen.Help(Math.max(0, Math.min(last, top + by)))));
    }
}
