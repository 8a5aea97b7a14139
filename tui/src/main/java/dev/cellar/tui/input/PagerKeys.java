package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.TuiState;

/** The pager's keys: scrolling, {@code /} search and {@code n} next, {@code q} back. Pure: no requests. */
public final class PagerKeys {
    private PagerKeys() {
    }

    /** {@code page}: the lines a page key moves. */
    public static TuiState apply(TuiState s, KeyStroke k, int page) {
        Pager p = s.pager();
        if (p.typing()) {
            Character ch = Keys.printable(k);
            if (ch != null) {
                return s.withPager(p.typing(p.query() + ch));
            }
            return switch (k.getKeyType()) {
                case Backspace -> s.withPager(p.typing(p.query().isEmpty() ? "" : p.query().substring(0, p.query().length() - 1)));
                case Enter -> s.withPager(p.findNext());
                case Escape -> s.withPager(p.typing("").findNext());
                default -> s;
            };
        }
        if (Keys.isChar(k, 'q') || Keys.is(k, KeyType.Escape)) {
            return s.withPager(null);
        } else if (Keys.isChar(k, 'j') || Keys.is(k, KeyType.ArrowDown) || Keys.is(k, KeyType.Enter)) {
            return s.withPager(p.scrolled(1));
        } else if (Keys.isChar(k, 'k') || Keys.is(k, KeyType.ArrowUp)) {
            return s.withPager(p.scrolled(-1));
        } else if (Keys.is(k, KeyType.PageDown) || Keys.isChar(k, ' ')) {
            return s.withPager(p.scrolled(page));
        } else if (Keys.is(k, KeyType.PageUp)) {
            return s.withPager(p.scrolled(-page));
        } else if (Keys.isChar(k, 'g') || Keys.is(k, KeyType.Home)) {
            return s.withPager(p.scrolled(-p.lines().size()));
        } else if (Keys.isChar(k, 'G') || Keys.is(k, KeyType.End)) {
            return s.withPager(p.scrolled(p.lines().size()));
        } else if (Keys.isChar(k, '/')) {
            return s.withPager(p.typing(""));
        } else if (Keys.isChar(k, 'n')) {
            return s.withPager(p.findNext());
        }
        return s;
    }
}
