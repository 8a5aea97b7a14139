package dev.cellar.tui.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * An image's pixels as ARGB ints. {@code getRGB} converts every pixel through the colour
 * model (about 15 ms for 800x600 here); the layouts ImageIO decodes PNGs into (RGB, RGBA)
 * are read from their buffers directly, anything else falls back to {@code getRGB}.
 */
final class Pixels {
    private Pixels() {
    }

    static int[] argb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        boolean whole = raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && raster.getDataBuffer().getNumBanks() == 1;
        if (whole) {
            int n = w * h;
            int[] out = new int[n];
            switch (img.getType()) {
                case BufferedImage.TYPE_3BYTE_BGR -> {
                    byte[] b = ((DataBufferByte) raster.getDataBuffer()).getData();
                    if (b.length >= 3 * n) {
                        for (int i = 0, j = 0; i < n; i++, j += 3) {
                            out[i] = 0xFF000000 | (b[j + 2] & 255) << 16 | (b[j + 1] & 255) << 8 | b[j] & 255;
                        }
                        return out;
                    }
                }
                case BufferedImage.TYPE_4BYTE_ABGR -> {
                    byte[] b = ((DataBufferByte) raster.getDataBuffer()).getData();
                    if (b.length >= 4 * n) {
                        for (int i = 0, j = 0; i < n; i++, j += 4) {
                            out[i] = (b[j] & 255) << 24 | (b[j + 3] & 255) << 16 | (b[j + 2] & 255) << 8 | b[j + 1] & 255;
                        }
                        return out;
                    }
                }
                case BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_RGB -> {
                    int[] d = ((DataBufferInt) raster.getDataBuffer()).getData();
                    if (d.length >= n) {
                        int opaque = img.getType() == BufferedImage.TYPE_INT_RGB ? 0xFF000000 : 0;
                        for (int i = 0; i < n; i++) {
                            out[i] = d[i] | opaque;
                        }
                        return out;
                    }
                }
                default -> {
                }
            }
        }
        return img.getRGB(0, 0, w, h, null, 0, w);
    }
}
