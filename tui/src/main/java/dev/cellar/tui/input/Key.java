package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** One key of the keymap: a character, a Ctrl-character, or a named key (Enter, arrows, …), with its printed name. */
public record Key(KeyType type, char ch, boolean ctrl) {

    public static Key ch(char c) {
        return new Key(KeyType.Character, c, false);
    }

    public static Key ctrl(char c) {
        return new Key(KeyType.Character, c, true);
    }

    public static Key of(KeyType type) {
        return new Key(type, '\0', false);
    }

    public boolean matches(KeyStroke k) {
        if (type != KeyType.Character) {
            return k.getKeyType() == type;
        }
        return ctrl ? Keys.isCtrl(k, ch) : Keys.isChar(k, ch);
    }

    /** A key a person types as a letter (or Ctrl-letter), as opposed to a named key such as Enter. */
    public boolean typed() {
        return type == KeyType.Character;
    }

    /** The key as the help, the hints and the README print it. */
    public String name() {
        if (type == KeyType.Character) {
            return ctrl ? "Ctrl-" + Character.toUpperCase(ch) : ch == ' ' ? "Space" : String.valueOf(ch);
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
