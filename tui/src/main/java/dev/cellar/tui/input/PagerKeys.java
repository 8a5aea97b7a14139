package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;

/** The pager's keys: scrolling, {@code /} search and {@code n} next, {@code q} back. Pure: no requests. */
final class PagerKeys {
    private PagerKeys() {
    }

    static Step ends(TuiState s, KeyStroke k, int page) {
        int all = s.pager().lines().size();
        return scrolled(s, Keys.isChar(k, 'G') || Keys.is(k, KeyType.End) ? all : -all);
    }

    static Step search(TuiState s, KeyStroke k, int page) {
        return with(s, s.pager().typing(""));
    }

    static Step next(TuiState s, KeyStroke k, int page) {
        return with(s, s.pager().findNext());
    }

    static Step close(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withPager(null));
    }

    static Step stopSearch(TuiState s, KeyStroke k, int page) {
        return with(s, s.pager().typing("").findNext());
    }

    static Step backspace(TuiState s, KeyStroke k, int page) {
        String q = s.pager().query();
        return with(s, s.pager().typing(q.isEmpty() ? "" : q.substring(0, q.length() - 1)));
    }

    static Step type(TuiState s, KeyStroke k, int page) {
        Character ch = Keys.printable(k);
        return ch == null ? Step.of(s) : with(s, s.pager().typing(s.pager().query() + ch));
    }

    static Step scrolled(TuiState s, int by) {
        return with(s, s.pager().scrolled(by));
    }

    private static Step with(TuiState s, Pager p) {
        return Step.of(s.withPager(p));
    }
}
