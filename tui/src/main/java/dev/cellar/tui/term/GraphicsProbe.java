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

    /**
     * {@code CELLAR_GRAPHICS} if set, else what the terminal answers; BLOCKS when it cannot be
     * asked, and inside tmux.
     */
    public static Graphics detect() {
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
    static Graphics choose(String setting, String tmux, Supplier<String> ask) {
        Graphics set = Graphics.fromSetting(setting);
        if (set != null) {
            return set;
        }
        if (tmux != null && !tmux.isBlank()) {
            return Graphics.BLOCKS;
        }
        String replies = ask.get();
        return replies == null ? Graphics.BLOCKS : Graphics.fromReplies(replies);
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
