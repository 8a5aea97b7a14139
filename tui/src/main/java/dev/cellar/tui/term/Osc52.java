package dev.cellar.tui.term;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The clipboard through the terminal: OSC 52 ({@code ESC ] 52 ; c ; BASE64 BEL}), which the
 * terminal (xterm, kitty, iTerm2, WezTerm, Windows Terminal; tmux with {@code set-clipboard on})
 * turns into a copy on the person's own machine, so it works over SSH where no clipboard
 * program could. Terminals refuse long ones (several drop anything over about 100 kB of
 * base64), so what is sent is bounded here and whoever copies says how much went.
 */
public final class Osc52 {
    /** The most UTF-8 bytes sent: 100,000 characters of base64. */
    public static final int MAX_BYTES = 75_000;

    private Osc52() {
    }

    /**
     * {@code text} as it fits in {@link #MAX_BYTES} bytes of UTF-8: itself, else its longest
     * beginning that ends at a line break (a half line is of no use pasted), else at a character.
     */
    public static String bounded(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) {
            return text;
        }
        // the characters that fit: a continuation byte (10xxxxxx) is never where a character starts
        int end = MAX_BYTES;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        String fits = new String(utf8, 0, end, StandardCharsets.UTF_8);
        int line = fits.lastIndexOf('\n');
        return line > 0 ? fits.substring(0, line + 1) : fits;
    }

    /** The escape that puts {@code text} (already bounded) on the clipboard. BEL ends it: more terminals take that than ST. */
    public static byte[] sequence(String text) {
        String b64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return ("\u001b]52;c;" + b64 + "\u0007").getBytes(StandardCharsets.US_ASCII);
    }
}
