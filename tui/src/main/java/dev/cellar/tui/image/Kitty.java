package dev.cellar.tui.image;

import java.util.Base64;

/**
 * The kitty graphics protocol (https://sw.kovidgoyal.net/kitty/graphics-protocol/): the PNG
 * itself is sent ({@code f=100}), transmitted and shown at once ({@code a=T}) over
 * {@code cols x rows} cells, in base64 chunks of at most 4096 bytes, each an APC
 * {@code ESC _G <keys> ; <data> ESC \}; {@code m=1} says more chunks follow, {@code m=0}
 * ends. Only the first chunk carries the other keys; {@code q=2} silences the terminal's
 * replies, which would otherwise arrive as key presses.
 *
 * <p>A full-screen UI names what it shows: an image id {@code i} and a placement id {@code p},
 * so a placement can be deleted ({@code a=d,d=i}: placements persist over text written on
 * their cells) and an image already sent placed again ({@code a=p}) without sending it twice.
 * {@code C=1} leaves the cursor where it was.
 */
public final class Kitty {
    static final int CHUNK = 4096;

    private Kitty() {
    }

    public static String encode(byte[] png, int cols, int rows) {
        return chunks(png, "a=T,f=100,q=2,c=" + cols + ",r=" + rows + ",");
    }

    /** Sends image {@code id} and shows it as placement {@code placement} over {@code cols x rows} cells at the cursor. */
    public static String transmitAndPlace(byte[] png, long id, int placement, int cols, int rows) {
        return chunks(png, "a=T,f=100,q=2,C=1,i=" + id + ",p=" + placement + ",c=" + cols + ",r=" + rows + ",");
    }

    /** Shows image {@code id}, sent before, once more at the cursor. */
    public static String place(long id, int placement, int cols, int rows) {
        return "\u001b_Ga=p,q=2,C=1,i=" + id + ",p=" + placement + ",c=" + cols + ",r=" + rows + "\u001b\\";
    }

    /** Takes one placement off the screen; the image's data stays, to be placed again. */
    public static String delete(long id, int placement) {
        return "\u001b_Ga=d,d=i,q=2,i=" + id + ",p=" + placement + "\u001b\\";
    }

    /** Deletes image {@code id}'s placements and frees its data in the terminal. */
    public static String free(long id) {
        return "\u001b_Ga=d,d=I,q=2,i=" + id + "\u001b\\";
    }

    /** Takes every placement off the screen and frees the images' data (on leaving the UI). */
    public static String deleteAll() {
        return "\u001b_Ga=d,d=A,q=2\u001b\\";
    }

    private static String chunks(byte[] png, String keys) {
        String data = Base64.getEncoder().encodeToString(png);
        StringBuilder sb = new StringBuilder(data.length() + data.length() / CHUNK * 16 + 64);
        int at = 0;
        do {
            int end = Math.min(data.length(), at + CHUNK);
            sb.append("\u001b_G");
            if (at == 0) {
                sb.append(keys);
            }
            sb.append("m=").append(end < data.length() ? 1 : 0).append(';').append(data, at, end).append("\u001b\\");
            at = end;
        } while (at < data.length());
        return sb.toString();
    }
}
