package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * One key of the keymap: a character, a Ctrl- or Alt-character, or a named key (Enter,
 * arrows, …) with the modifiers it needs, and its printed name. A named key without
 * modifiers matches with any (so rows with modifiers come first in the table).
 */
public record Key(KeyType type, char ch, boolean ctrl, boolean alt, boolean shift) {

    public static Key ch(char c) {
        return new Key(KeyType.Character, c, false, false, false);
    }

    public static Key ctrl(char c) {
        return new Key(KeyType.Character, c, true, false, false);
    }

    public static Key alt(char c) {
        return new Key(KeyType.Character, c, false, true, false);
    }

    public static Key of(KeyType type) {
        return new Key(type, '\0', false, false, false);
    }

    public static Key ctrl(KeyType type) {
        return new Key(type, '\0', true, false, false);
    }

    public static Key alt(KeyType type) {
        return new Key(type, '\0', false, true, false);
    }

    public static Key shift(KeyType type) {
        return new Key(type, '\0', false, false, true);
    }

    public boolean matches(KeyStroke k) {
        if (type != KeyType.Character) {
            return k.getKeyType() == type && (!ctrl || k.isCtrlDown()) && (!alt || k.isAltDown())
                    && (!shift || k.isShiftDown());
        }
        if (ctrl) {
            return Keys.isCtrl(k, ch);
        }
        return alt ? Keys.isAlt(k, ch) : Keys.isChar(k, ch);
    }

    /** A key a person types as a letter (or Ctrl-letter), as opposed to a named key such as Enter. */
    public boolean typed() {
        return type == KeyType.Character;
    }

    /** The key as the help, the hints and the README print it. */
    public String name() {
        return modifiers() + base();
    }

    /** {@code Ctrl-}, {@code Alt-}, {@code Shift-} as the key needs them, or "". */
    public String modifiers() {
        return (ctrl ? "Ctrl-" : "") + (alt ? "Alt-" : "") + (shift ? "Shift-" : "");
    }

    /** The key without its modifiers. */
    public String base() {
        if (type == KeyType.Character) {
            return ctrl ? String.valueOf(Character.toUpperCase(ch)) : ch == ' ' ? "Space" : String.valueOf(ch);
        }
        return switch (type) {
            case ArrowUp -> "Up";
            case ArrowDown -> "Down";
            case ArrowLeft -> "Left";
            case ArrowRight -> "Right";
            case PageUp -> "PgUp";
            case PageDown -> "PgDn";
            case Escape -> "Esc";
            default -> type.name();
        };
    }
}
