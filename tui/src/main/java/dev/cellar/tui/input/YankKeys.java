package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.state.Yank;
import dev.cellar.tui.term.Osc52;

/** {@code y}: what has the focus to the terminal's clipboard ({@link Yank} says what). Pure: the loop writes the escape. */
final class YankKeys {
    private YankKeys() {
    }

    static Step yank(TuiState s, KeyStroke k, int page) {
        Yank y = Yank.of(s, page);
        if (y == null) {
            return Step.of(told(s, s.table() != null ? "nothing to copy: the rows are still coming" : "nothing to copy here"));
        }
        String sent = Osc52.bounded(y.text());
        return Step.of(told(s, y.message(sent)), new Effect.Clipboard(sent));
    }

    /** The table viewer's and the pager's footers show their own note, the cells' footer the message. */
    private static TuiState told(TuiState s, String said) {
        if (s.table() != null) {
            return s.withTableIfShown(x -> x.withNote(said));
        }
        return s.pager() != null ? s.withPager(new Pager(s.pager().title(), s.pager().lines(), s.pager().top(),
                s.pager().query(), s.pager().typing(), said)) : s.withMessage(said);
    }
}
