package dev.cellar.tui.image;

/**
 * An image as {@code cols x rows} character cells, each an upper-half block ({@code ▀}) whose
 * foreground is the upper pixel and background the lower one: {@code upper[r * cols + c]}
 * and {@code lower[...]} are 0xRRGGBB.
 */
public record BlockImage(int cols, int rows, int[] upper, int[] lower) {
    public static final char GLYPH = '▀';

    public int upperAt(int col, int row) {
        return upper[row * cols + col];
    }

    public int lowerAt(int col, int row) {
        return lower[row * cols + col];
    }

    /**
     * The image as lines of text with SGR colours, each line reset at its end so nothing
     * bleeds into what follows; {@code truecolor} false uses the xterm 256-colour palette.
     */
    public String toAnsi(boolean truecolor) {
        StringBuilder sb = new StringBuilder(cols * rows * 24);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int up = upperAt(c, r);
                int lo = lowerAt(c, r);
                if (truecolor) {
                    sb.append("\u001b[38;2;").append(up >> 16 & 255).append(';').append(up >> 8 & 255).append(';')
                            .append(up & 255).append(";48;2;").append(lo >> 16 & 255).append(';').append(lo >> 8 & 255)
                            .append(';').append(lo & 255).append('m');
                } else {
                    sb.append("\u001b[38;5;").append(xterm256(up)).append(";48;5;").append(xterm256(lo)).append('m');
                }
                sb.append(GLYPH);
            }
            sb.append("\u001b[0m\n");
        }
        return sb.toString();
    }

    /** The nearest colour of the xterm 256 palette (its 6x6x6 cube or its 24 greys). */
    public static int xterm256(int rgb) {
        int r = rgb >> 16 & 255;
        int g = rgb >> 8 & 255;
        int b = rgb & 255;
        int cr = cubeIndex(r);
        int cg = cubeIndex(g);
        int cb = cubeIndex(b);
        int cube = 16 + 36 * cr + 6 * cg + cb;
        int cubeDist = dist(r, g, b, cubeLevel(cr), cubeLevel(cg), cubeLevel(cb));
        int grey = Math.max(0, Math.min(23, ((r + g + b) / 3 - 8 + 5) / 10));
        int level = 8 + 10 * grey;
        return dist(r, g, b, level, level, level) < cubeDist ? 232 + grey : cube;
    }

    private static int cubeIndex(int v) {
        return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40;
    }

    private static int cubeLevel(int i) {
        return i == 0 ? 0 : 55 + 40 * i;
    }

    private static int dist(int r, int g, int b, int r2, int g2, int b2) {
        return (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2);
    }
}
