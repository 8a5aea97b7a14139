package dev.cellar.tui.image;

import dev.cellar.protocol.model.Output;
import dev.cellar.tui.term.Graphics;
import java.io.IOException;
import java.util.Base64;

/**
 * A picture for a stream of text on a terminal ({@code cellar show}): the escapes of the
 * protocol the terminal speaks, or half-blocks; {@code cols} wide, the aspect ratio kept.
 */
public final class TerminalPicture {
    /** Pixels per character cell assumed for sixel, whose size is in pixels (a common 10x20 font). */
    static final int CELL_PIXELS = 10;

    private TerminalPicture() {
    }

    /** The picture (ending in a newline), or null when there is none to draw (no PNG, NONE, unreadable). */
    public static String draw(Output.Display d, Graphics g, int cols, boolean truecolor) {
        String b64 = d.data().get(Output.Display.PNG);
        if (b64 == null || g == Graphics.NONE) {
            return null;
        }
        try {
            byte[] png = Base64.getMimeDecoder().decode(b64);
            var img = HalfBlocks.decode(png);
            int width = Math.max(1, Math.min(cols, img.getWidth()));
            return switch (g) {
                case KITTY -> Kitty.encode(png, width, (int) Math.ceil((double) img.getHeight() * width / img.getWidth() / 2))
                        + "\n";
                case ITERM -> ITerm.encode(png, width) + "\n";
                case SIXEL -> Sixel.encode(img, width * CELL_PIXELS) + "\n";
                case BLOCKS -> HalfBlocks.render(img, width, width * 2, 0).toAnsi(truecolor);
                case NONE -> null;
            };
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** True when the terminal says it shows 24-bit colour ({@code COLORTERM}, as terminals set it). */
    public static boolean truecolor() {
        String ct = System.getenv().getOrDefault("COLORTERM", "");
        return ct.equalsIgnoreCase("truecolor") || ct.equalsIgnoreCase("24bit");
    }
}
