package dev.cellar.tui.image;

import java.util.Base64;

/**
 * The kitty graphics protocol (https://sw.kovidgoyal.net/kitty/graphics-protocol/): the PNG
 * itself is sent ({@code f=100}), transmitted and shown at once ({@code a=T}) over
 * {@code cols x rows} cells, in base64 chunks of at most 4096 bytes, each an APC
 * {@code ESC _G <keys> ; <data> ESC \}; {@code m=1} says more chunks follow, {@code m=0}
 * ends. Only the first chunk carries the other keys; {@code q=2} silences the terminal's
 * replies, which would otherwise arrive as key presses.
 */
public final class Kitty {
    static final int CHUNK = 4096;

    private Kitty() {
    }

    public static String encode(byte[] png, int cols, int rows) {
        String data = Base64.getEncoder().encodeToString(png);
        StringBuilder sb = new StringBuilder(data.length() + data.length() / CHUNK * 16 + 64);
        int at = 0;
        do {
            int end = Math.min(data.length(), at + CHUNK);
            sb.append("\u001b_G");
            if (at == 0) {
                sb.append("a=T,f=100,q=2,c=").append(cols).append(",r=").append(rows).append(',');
            }
            sb.append("m=").append(end < data.length() ? 1 : 0).append(';').append(data, at, end).append("\u001b\\");
            at = end;
        } while (at < data.length());
        return sb.toString();
    }
}
