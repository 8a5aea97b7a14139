package dev.cellar.tui.term;

import java.util.Locale;

/**
 * How a terminal can show a picture. Chosen by {@code CELLAR_GRAPHICS} when set, else from
 * the terminal's answers to three queries (as euporie does): kitty's {@code a=q} graphics
 * query, XTVERSION (names iTerm2, WezTerm…) and DA1, whose attribute 4 means sixel. Every
 * terminal answers DA1, so its answer also marks the end of the replies.
 */
public enum Graphics {
    KITTY, ITERM, SIXEL, BLOCKS, NONE;

    /**
     * Sent to the terminal: kitty query (id 31, a 1x1 RGB pixel), XTVERSION, the size of a
     * character cell in pixels (XTWINOPS 16, for sixel, whose pictures are sized in pixels),
     * DA1 last.
     */
    public static final String QUERY = "\u001b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u001b\\" + "\u001b[>0q" + "\u001b[16t"
            + "\u001b[c";

    /** The override in {@code CELLAR_GRAPHICS}, or null when unset; a clear error when misspelt. */
    public static Graphics fromSetting(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CELLAR_GRAPHICS=" + value + " is not one of kitty, iterm, sixel, blocks, none");
        }
    }

    /** What the terminal's replies to {@link #QUERY} say it supports, best first. */
    public static Graphics fromReplies(String replies) {
        if (replies.contains("\u001b_Gi=31;OK")) {
            return KITTY;
        }
        int xt = replies.indexOf("\u001bP>|");
        if (xt >= 0) {
            String name = replies.substring(xt + 4).toLowerCase(Locale.ROOT);
            if (name.startsWith("iterm2") || name.startsWith("wezterm")) {
                return ITERM;
            }
        }
        int da = replies.indexOf("\u001b[?");
        if (da >= 0) {
            int end = replies.indexOf('c', da);
            if (end > da) {
                for (String attr : replies.substring(da + 3, end).split(";")) {
                    if (attr.equals("4")) {
                        return SIXEL;
                    }
                }
            }
        }
        return BLOCKS;
    }

    /** A character cell's {width, height} in pixels from the answer {@code ESC [ 6 ; H ; W t}, or null when none. */
    public static int[] cellSize(String replies) {
        int at = replies.indexOf("\u001b[6;");
        int end = at < 0 ? -1 : replies.indexOf('t', at);
        if (end < 0) {
            return null;
        }
        String[] hw = replies.substring(at + 4, end).split(";");
        try {
            int h = Integer.parseInt(hw[0]);
            int w = hw.length == 2 ? Integer.parseInt(hw[1]) : 0;
            return w > 0 && h > 0 && w < 1000 && h < 1000 ? new int[] {w, h} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True when the replies are complete: the DA1 answer ({@code ESC [ ? … c}) has arrived. */
    public static boolean repliesComplete(String replies) {
        int da = replies.indexOf("\u001b[?");
        return da >= 0 && replies.indexOf('c', da) > da;
    }
}
