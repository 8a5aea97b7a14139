package dev.cellar.tui.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Known small PNGs made with ImageIO, for tests. */
public final class Pngs {
    public static final int RED = 0xFF0000;
    public static final int GREEN = 0x00FF00;
    public static final int BLUE = 0x0000FF;
    public static final int WHITE = 0xFFFFFF;

    private Pngs() {
    }

    /** {@code w x 4} pixels whose rows are red, green, blue, white from the top. */
    public static byte[] stripes(int w) {
        int[] rows = {RED, GREEN, BLUE, WHITE};
        BufferedImage img = new BufferedImage(w, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rows[y]);
            }
        }
        return png(img);
    }

    /** One colour, {@code w x h}. */
    public static byte[] plain(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return png(img);
    }

    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
