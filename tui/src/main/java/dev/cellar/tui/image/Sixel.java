package dev.cellar.tui.image;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * DEC sixel graphics (as documented in the VT330/VT340 manual and by xterm): a DCS
 * {@code ESC P 0;1 q} (the 1: pixels left at 0 stay as they were, so colours can be laid over
 * each other), raster attributes {@code "1;1;W;H}, colour registers {@code #i;2;R;G;B} in
 * percent, then bands of six pixel rows: per colour {@code #i} and one character per column
 * ({@code 63 + bits}, bit 0 the top row; {@code !n} repeats), {@code $} back to the band's
 * start, {@code -} to the next band; {@code ESC \} ends. Colours are the 6x6x6 cube.
 */
public final class Sixel {
    private Sixel() {
    }

    /** The image shrunk (never enlarged) to at most {@code maxWidthPx} pixels wide, aspect kept. */
    public static String encode(BufferedImage img, int maxWidthPx) {
        BufferedImage src = img.getWidth() <= maxWidthPx ? img : scaled(img, maxWidthPx);
        int w = src.getWidth();
        int h = src.getHeight();
        int[] argb = Pixels.argb(src);
        int[] index = new int[w * h];
        boolean[] used = new boolean[216];
        for (int i = 0; i < argb.length; i++) {
            index[i] = cube(argb[i]);
            used[index[i]] = true;
        }
        StringBuilder sb = new StringBuilder(w * h / 2 + 256);
        sb.append("\u001bP0;1q\"1;1;").append(w).append(';').append(h);
        for (int c = 0; c < 216; c++) {
            if (used[c]) {
                sb.append('#').append(c).append(";2;").append(percent(c / 36)).append(';').append(percent(c / 6 % 6))
                        .append(';').append(percent(c % 6));
            }
        }
        char[] line = new char[w];
        for (int y0 = 0; y0 < h; y0 += 6) {
            boolean first = true;
            for (int c = 0; c < 216; c++) {
                boolean any = false;
                for (int x = 0; x < w; x++) {
                    int bits = 0;
                    for (int k = 0; k < 6 && y0 + k < h; k++) {
                        if (index[(y0 + k) * w + x] == c) {
                            bits |= 1 << k;
                        }
                    }
                    any |= bits != 0;
                    line[x] = (char) (63 + bits);
                }
                if (any) {
                    sb.append(first ? "" : "$").append('#').append(c);
                    runLength(sb, line);
                    first = false;
                }
            }
            if (y0 + 6 < h) {
                sb.append('-');
            }
        }
        return sb.append("\u001b\\").toString();
    }

    private static void runLength(StringBuilder sb, char[] line) {
        for (int i = 0; i < line.length; ) {
            int j = i;
            while (j < line.length && line[j] == line[i]) {
                j++;
            }
            int n = j - i;
            if (n > 3) {
                sb.append('!').append(n).append(line[i]);
            } else {
                sb.append(String.valueOf(line[i]).repeat(n));
            }
            i = j;
        }
    }

    /** The 6x6x6 cube register of a colour (alpha laid over black). */
    static int cube(int argb) {
        int a = argb >>> 24;
        int r = (argb >> 16 & 255) * a / 255;
        int g = (argb >> 8 & 255) * a / 255;
        int b = (argb & 255) * a / 255;
        return 36 * ((r * 5 + 127) / 255) + 6 * ((g * 5 + 127) / 255) + (b * 5 + 127) / 255;
    }

    private static int percent(int level) {
        return level * 20;
    }

    private static BufferedImage scaled(BufferedImage img, int width) {
        int height = Math.max(1, (int) Math.round((double) img.getHeight() * width / img.getWidth()));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
