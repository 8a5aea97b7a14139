package dev.cellar.tui.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A PNG as half-blocks: one character cell shows two pixels stacked, so a cell (about twice
 * as tall as wide) holds square pixels and the picture keeps its aspect ratio. The image is
 * shrunk by averaging the pixels each cell half covers (never enlarged), and transparent
 * pixels are laid over the given background.
 */
public final class HalfBlocks {
    private HalfBlocks() {
    }

    /** Decodes a PNG; a clear {@link IOException} when the bytes are not an image ImageIO reads. */
    public static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        if (img == null) {
            throw new IOException("not a readable PNG (" + png.length + " bytes)");
        }
        return img;
    }

    public static BlockImage render(byte[] png, int maxCols, int maxRows, int background) throws IOException {
        return render(decode(png), maxCols, maxRows, background);
    }

    /** The largest picture within {@code maxCols x maxRows} cells, aspect ratio kept. */
    /** How many character cells a picture takes: {@code cols x rows}, showing {@code pixelRows} half-block pixels high. */
    public record Size(int cols, int rows, int pixelRows) {
    }

    /**
     * The cells a {@code w x h} picture takes within {@code maxCols x maxRows}: one column per
     * pixel and two pixels per row at most (never enlarged), aspect ratio kept. The terminal
     * protocols reserve the same rectangle, so a picture takes the same room either way.
     */
    public static Size fit(int w, int h, int maxCols, int maxRows) {
        double scale = Math.min(1.0, Math.min((double) maxCols / w, (double) maxRows * 2 / h));
        int cols = Math.max(1, (int) Math.round(w * scale));
        int pixelRows = Math.max(1, (int) Math.round(h * scale));
        return new Size(cols, (pixelRows + 1) / 2, pixelRows);
    }

    public static BlockImage render(BufferedImage img, int maxCols, int maxRows, int background) {
        int w = img.getWidth();
        int h = img.getHeight();
        Size size = fit(w, h, maxCols, maxRows);
        int cols = size.cols();
        int pixelRows = size.pixelRows();
        int rows = size.rows();
        int[] argb = Pixels.argb(img);
        int[] upper = new int[cols * rows];
        int[] lower = new int[cols * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                upper[r * cols + c] = average(argb, w, h, c, 2 * r, cols, pixelRows, background);
                lower[r * cols + c] = 2 * r + 1 < pixelRows
                        ? average(argb, w, h, c, 2 * r + 1, cols, pixelRows, background) : background;
            }
        }
        return new BlockImage(cols, rows, upper, lower);
    }

    /** The mean colour of the source pixels under target pixel (tx, ty), alpha blended over the background. */
    private static int average(int[] argb, int w, int h, int tx, int ty, int tw, int th, int background) {
        int x0 = tx * w / tw;
        int x1 = Math.max(x0 + 1, (tx + 1) * w / tw);
        int y0 = ty * h / th;
        int y1 = Math.max(y0 + 1, (ty + 1) * h / th);
        long r = 0;
        long g = 0;
        long b = 0;
        int bgR = background >> 16 & 255;
        int bgG = background >> 8 & 255;
        int bgB = background & 255;
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
                int p = argb[row + x];
                int a = p >>> 24;
                if (a == 255) { // most plots are opaque: no blending
                    r += p >> 16 & 255;
                    g += p >> 8 & 255;
                    b += p & 255;
                } else {
                    r += ((p >> 16 & 255) * a + bgR * (255 - a)) / 255;
                    g += ((p >> 8 & 255) * a + bgG * (255 - a)) / 255;
                    b += ((p & 255) * a + bgB * (255 - a)) / 255;
                }
            }
        }
        int n = (x1 - x0) * (y1 - y0);
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }
}
