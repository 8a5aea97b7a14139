package dev.cellar.tui.term;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Asks the terminal on {@code /dev/tty} what it can draw, before the UI takes it: the tty is
 * put in non-canonical mode with a read timeout ({@code min 0 time 1}: a read returns after
 * 0.1 s of silence) and put back as it was, so a terminal that answers nothing costs a
 * fraction of a second and never hangs.
 */
public final class GraphicsProbe {
    private GraphicsProbe() {
    }

    /** How the terminal draws pictures, and the pixels of a character cell (10x20, a common font, when it does not say). */
    public record Found(Graphics graphics, int cellWidthPx, int cellHeightPx) {
        static Found of(Graphics g) {
            return new Found(g, 10, 20);
        }
    }

    /**
     * {@code CELLAR_GRAPHICS} if set, else what the terminal answers; BLOCKS when it cannot be
     * asked, and inside tmux.
     */
    public static Graphics detect() {
        return probe().graphics();
    }

    /** As {@link #detect}, with the cell size the terminal reports. */
    public static Found probe() {
        return choose(System.getenv("CELLAR_GRAPHICS"), System.getenv("TMUX"), () -> {
            try {
                return ask(Graphics.QUERY, 10);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /**
     * The setting wins. Else inside tmux ({@code TMUX} set) half-blocks, without asking: tmux
     * answers the queries itself, passes neither kitty's nor sixel's escapes through by default,
     * and would not move or clear a picture it did pass with its pane. {@code CELLAR_GRAPHICS}
     * forces a protocol there (with tmux's allow-passthrough on). Else the terminal's replies
     * ({@code ask} gives null when it cannot be asked).
     */
    static Found choose(String setting, String tmux, Supplier<String> ask) {
        Graphics set = Graphics.fromSetting(setting);
        if (set != null) {
            return Found.of(set);
        }
        if (tmux != null && !tmux.isBlank()) {
            return Found.of(Graphics.BLOCKS);
        }
        String replies = ask.get();
        if (replies == null) {
            return Found.of(Graphics.BLOCKS);
        }
        int[] cell = Graphics.cellSize(replies);
        Graphics g = Graphics.fromReplies(replies);
        return cell == null ? Found.of(g) : new Found(g, cell[0], cell[1]);
    }

    /** Writes {@code query} and reads the replies until DA1's answer or {@code tenths} silent reads. */
    static String ask(String query, int tenths) throws IOException {
        String saved = Tty.stty("-g").strip();
        Tty.stty("-icanon", "-echo", "min", "0", "time", "1");
        StringBuilder replies = new StringBuilder();
        try (FileOutputStream out = new FileOutputStream("/dev/tty"); FileInputStream in = new FileInputStream("/dev/tty")) {
            out.write(query.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[256];
            int silent = 0;
            while (!Graphics.repliesComplete(replies.toString()) && silent < tenths) {
                int n = in.read(buf);
                if (n <= 0) {
                    silent++;
                } else {
                    replies.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            }
        } finally {
            Tty.stty(saved);
        }
        return replies.toString();
    }
}
