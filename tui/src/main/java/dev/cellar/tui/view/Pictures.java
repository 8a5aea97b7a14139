package dev.cellar.tui.view;

import dev.cellar.protocol.model.Output;
import dev.cellar.tui.image.BlockImage;
import dev.cellar.tui.image.HalfBlocks;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pictures of the cells view, as half-blocks, decoded once: a redraw (every key) must
 * not decode a PNG again. Kept per (image, size), the last few only. With {@code byTerminal}
 * the terminal draws them (kitty, iTerm2, sixel): the layout keeps their room blank.
 */
final class Pictures {
    private static final int KEEP = 32;
    private final boolean enabled;
    private final boolean byTerminal;
    private final Map<Key, BlockImage> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, BlockImage> eldest) {
            return size() > KEEP;
        }
    };

    private record Key(String png, int cols, int rows) {
    }

    Pictures(boolean enabled, boolean byTerminal) {
        this.enabled = enabled;
        this.byTerminal = byTerminal;
    }

    /** The room a picture the terminal draws takes in at most {@code cols x rows}, or null (half-blocks or none). */
    PictureSlot slot(Output.Display d, int cols, int rows) {
        int[] size = d.pngSize();
        if (!enabled || !byTerminal || size == null || size[0] <= 0 || size[1] <= 0 || cols < 4 || rows < 2) {
            return null;
        }
        HalfBlocks.Size fit = HalfBlocks.fit(size[0], size[1], cols, rows);
        return new PictureSlot(d, fit.cols(), fit.rows());
    }

    /** The picture in at most {@code cols x rows} cells, or null (no PNG, pictures off, unreadable). */
    BlockImage blocks(Output.Display d, int cols, int rows) {
        String png = d.data().get(Output.Display.PNG);
        if (!enabled || png == null || cols < 4 || rows < 2) {
            return null;
        }
        return cache.computeIfAbsent(new Key(png, cols, rows), k -> {
            try {
                return HalfBlocks.render(Base64.getMimeDecoder().decode(k.png()), k.cols(), k.rows(), 0);
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
        });
    }

    /** A picture's one-line stand-in: its type and size, and its text/plain. */
    static String placeholder(Output.Display d) {
        int[] size = d.pngSize();
        return size != null ? "[image/png " + size[0] + "x" + size[1] + "] " + d.plain() : d.plain();
    }
}
