package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Small readers of key strokes, so the key maps read as tables. */
public final class Keys {
    private Keys() {
    }

    public static boolean isChar(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && k.getCharacter() == c && !k.isCtrlDown() && !k.isAltDown();
    }

    public static boolean isCtrl(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && k.isCtrlDown() && Character.toLowerCase(k.getCharacter()) == c;
    }

    /** Alt and a character: terminals send it as ESC then the character. */
    public static boolean isAlt(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && k.isAltDown() && !k.isCtrlDown() && k.getCharacter() == c;
    }

    public static boolean is(KeyStroke k, KeyType type) {
        return k.getKeyType() == type;
    }

    /** -1 for a key that moves up (k, Up, PgUp), 1 for any other: the lists' keys come in up/down pairs. */
    public static int direction(KeyStroke k) {
        return isChar(k, 'k') || is(k, KeyType.ArrowUp) || is(k, KeyType.PageUp) ? -1 : 1;
    }

    /** A printable character typed without Ctrl/Alt. */
    public static Character printable(KeyStroke k) {
        return k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown() ? k.getCharacter() : null;
    }
}
