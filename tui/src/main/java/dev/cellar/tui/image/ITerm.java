package dev.cellar.tui.image;

import java.util.Base64;

/**
 * iTerm2's inline images (https://iterm2.com/documentation-images.html), also understood by
 * WezTerm and others: {@code ESC ] 1337 ; File=inline=1;size=N;width=Cols;preserveAspectRatio=1
 * : base64 BEL}, where {@code size} is the file's length in bytes and a bare width is in cells.
 */
public final class ITerm {
    private ITerm() {
    }

    public static String encode(byte[] png, int cols) {
        return "\u001b]1337;File=inline=1;size=" + png.length + ";width=" + cols + ";preserveAspectRatio=1:"
                + Base64.getEncoder().encodeToString(png) + "\u0007";
    }

    /** Fitted inside {@code cols x rows} cells (a bare height is in cells too), so it never spills out of them. */
    public static String encode(byte[] png, int cols, int rows) {
        return "\u001b]1337;File=inline=1;size=" + png.length + ";width=" + cols + ";height=" + rows
                + ";preserveAspectRatio=1:" + Base64.getEncoder().encodeToString(png) + "\u0007";
    }
}
