package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import dev.cellar.protocol.model.CellStatus;

/** How a status looks: a glyph (Unicode, or ASCII for terminals without UTF-8) and a colour. */
public final class Glyphs {
    private final boolean unicode;

    public Glyphs(boolean unicode) {
        this.unicode = unicode;
    }

    public static Glyphs forEnvironment() {
        String lang = System.getenv().getOrDefault("LC_ALL", System.getenv().getOrDefault("LANG", ""));
        return new Glyphs(lang.toUpperCase(java.util.Locale.ROOT).contains("UTF-8") || lang.toUpperCase(java.util.Locale.ROOT)
                .contains("UTF8"));
    }

    public String status(CellStatus s) {
        return switch (s) {
            case OK -> unicode ? "✓" : "+";
            case ERROR -> unicode ? "✗" : "x";
            case RUNNING -> unicode ? "●" : "*";
            case QUEUED -> unicode ? "◌" : "o";
            case STALE -> "~";
            case BLOCKED -> unicode ? "⊘" : "#";
            case INTERRUPTED -> "!";
            case IDLE -> unicode ? "·" : ".";
        };
    }

    public String selected() {
        return unicode ? "▶" : ">";
    }

    /** Starts the continuation of a soft-wrapped line. */
    public String wrap() {
        return unicode ? "↪" : "\\";
    }

    /** Pictures need Unicode's half-block; ASCII terminals get a placeholder. */
    public boolean unicode() {
        return unicode;
    }

    /** Marks a cell someone else is editing. */
    public String editing() {
        return unicode ? "✎" : "editing:";
    }

    public String bar() {
        return unicode ? "│" : "|";
    }

    public static TextColor color(CellStatus s) {
        return switch (s) {
            case OK -> TextColor.ANSI.GREEN;
            case ERROR, INTERRUPTED -> TextColor.ANSI.RED;
            case RUNNING, STALE -> TextColor.ANSI.YELLOW;
            case QUEUED -> TextColor.ANSI.CYAN;
            case BLOCKED -> TextColor.ANSI.MAGENTA;
            case IDLE -> TextColor.ANSI.DEFAULT;
        };
    }
}
