package dev.cellar.tui.term;

import dev.cellar.tui.image.HalfBlocks;
import dev.cellar.tui.image.ITerm;
import dev.cellar.tui.image.Kitty;
import dev.cellar.tui.image.Sixel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pictures the terminal draws itself (kitty, iTerm2, sixel), written straight to its
 * output after Lanterna has drawn the text: for each, save the cursor, move it to the
 * picture's top-left cell, the protocol's escape, restore the cursor, so Lanterna's idea of
 * the cursor and colours stays true.
 *
 * <p>Pictures must not outlive the screen they belong to. Kitty names each placement and
 * deletes the ones that left or moved; its image data stays in the terminal, so scrolling
 * back places it again without sending it twice. iTerm2 and sixel pixels stay until text
 * is written over them, so when the pictures in view change the screen is first repainted
 * whole ({@link #mustRepaint}) and they are drawn again. Nothing is written when nothing
 * about the pictures changed: no flicker, no bytes over SSH for a key that moves nothing.
 */
public final class PictureLayer {
    private static final int KEEP = 16;
    /** Kitty images kept in the terminal (far more than a screen shows): each plot re-run is a new one. */
    private static final int KEEP_KITTY = 64;
    private final Graphics mode;
    private final OutputStream out;
    private final int cellWidthPx;
    private final int cellHeightPx;
    private List<PlacedPicture> shown = List.of();
    private List<Placement> kittyShown = List.of();
    private final Set<Long> kittySent = new HashSet<>();
    private final List<Long> kittyToFree = new ArrayList<>();
    private long kittyLastId;
    /** Kitty image ids by PNG, least recently shown first: the ones beyond {@link #KEEP_KITTY} are freed in the terminal. */
    private final Map<String, Long> kittyIds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            if (size() <= KEEP_KITTY) {
                return false;
            }
            if (kittySent.remove(eldest.getValue())) {
                kittyToFree.add(eldest.getValue());
            }
            return true;
        }
    };
    /** iTerm2 and sixel escapes by picture and size, not place: a picture that moved is not encoded again. */
    private final Map<Size, String> encoded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Size, String> eldest) {
            return size() > KEEP;
        }
    };

    private record Placement(long id, int number, PlacedPicture picture) {
    }

    private record Size(String png, int cols, int rows) {
    }

    /** {@code mode}: kitty, iTerm2 or sixel; {@code cellWidthPx x cellHeightPx}: a character cell, for sixel's pixels. */
    public PictureLayer(Graphics mode, OutputStream out, int cellWidthPx, int cellHeightPx) {
        if (mode != Graphics.KITTY && mode != Graphics.ITERM && mode != Graphics.SIXEL) {
            throw new IllegalArgumentException("the terminal draws no pictures in mode " + mode);
        }
        this.mode = mode;
        this.out = out;
        this.cellWidthPx = cellWidthPx;
        this.cellHeightPx = cellHeightPx;
    }

    /** A cell of 10x20 pixels, a common font size, for sixel. */
    public PictureLayer(Graphics mode, OutputStream out) {
        this(mode, out, 10, 20);
    }

    /** True for kitty, iTerm2 and sixel: the modes the terminal draws pictures in. */
    public static boolean drawsPictures(Graphics mode) {
        return mode == Graphics.KITTY || mode == Graphics.ITERM || mode == Graphics.SIXEL;
    }

    /**
     * Asked before Lanterna refreshes: true when pixels of pictures drawn before could stay on
     * screen (iTerm2, sixel, and the pictures in view changed), so the screen must be repainted
     * whole first, and {@link #show} told so.
     */
    public boolean mustRepaint(List<PlacedPicture> next) {
        return mode != Graphics.KITTY && !shown.isEmpty() && !next.equals(shown);
    }

    /**
     * Draws {@code next} over the screen Lanterna has just refreshed. {@code repainted}: the
     * screen was cleared and drawn whole, so nothing drawn before is there any more.
     */
    public void show(List<PlacedPicture> next, boolean repainted) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (mode == Graphics.KITTY) {
            kitty(next, repainted, sb);
        } else if (repainted || !next.equals(shown)) {
            for (PlacedPicture p : next) {
                String escape = encoded.computeIfAbsent(new Size(p.png(), p.cols(), p.rows()), this::encode);
                if (!escape.isEmpty()) {
                    at(sb, p, escape);
                }
            }
        }
        shown = List.copyOf(next);
        write(sb);
    }

    /** Leaving the UI: kitty's placements and image data are deleted (the others go with the screen). */
    public void close() throws IOException {
        if (mode == Graphics.KITTY) {
            write(new StringBuilder(Kitty.deleteAll()));
            kittySent.clear();
        }
        shown = List.of();
        kittyShown = List.of();
    }

    private void kitty(List<PlacedPicture> next, boolean repainted, StringBuilder sb) {
        List<Placement> placements = new ArrayList<>();
        Map<Long, Integer> numbers = new HashMap<>();
        for (PlacedPicture p : next) {
            long id = kittyIds.computeIfAbsent(p.png(), png -> ++kittyLastId);
            placements.add(new Placement(id, numbers.merge(id, 1, Integer::sum), p));
        }
        // deletes first: a placement that moved keeps its name, and must not be deleted after it is placed again
        for (Placement old : kittyShown) {
            if (repainted || !placements.contains(old)) {
                sb.append(Kitty.delete(old.id(), old.number()));
            }
        }
        for (long id : kittyToFree) {
            sb.append(Kitty.free(id));
        }
        kittyToFree.clear();
        for (Placement p : placements) {
            if (!repainted && kittyShown.contains(p)) {
                continue;
            }
            PlacedPicture pic = p.picture();
            if (kittySent.add(p.id())) {
                byte[] png = decode(pic.png());
                if (png == null) {
                    kittySent.remove(p.id());
                    continue;
                }
                at(sb, pic, Kitty.transmitAndPlace(png, p.id(), p.number(), pic.cols(), pic.rows()));
            } else {
                at(sb, pic, Kitty.place(p.id(), p.number(), pic.cols(), pic.rows()));
            }
        }
        kittyShown = List.copyOf(placements);
    }

    /** The escape of an iTerm2 or sixel picture, "" when its PNG cannot be read (its room stays blank). */
    private String encode(Size p) {
        byte[] png = decode(p.png());
        if (png == null) {
            return "";
        }
        if (mode == Graphics.ITERM) {
            return ITerm.encode(png, p.cols(), p.rows());
        }
        try {
            var img = HalfBlocks.decode(png);
            // as wide as its room, unless that would make it taller than its room
            long byHeight = (long) img.getWidth() * p.rows() * cellHeightPx / img.getHeight();
            int width = (int) Math.max(1, Math.min((long) p.cols() * cellWidthPx, byHeight));
            return Sixel.encode(img, width);
        } catch (IOException e) {
            return "";
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Save the cursor, go to the picture's top-left cell (1-based), the escape, back to where the cursor was. */
    private static void at(StringBuilder sb, PlacedPicture p, String escape) {
        sb.append("\u001b7\u001b[").append(p.row() + 1).append(';').append(p.col() + 1).append('H').append(escape)
                .append("\u001b8");
    }

    private void write(StringBuilder sb) throws IOException {
        if (!sb.isEmpty()) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
