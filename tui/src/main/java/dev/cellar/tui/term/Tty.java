package dev.cellar.tui.term;

import java.io.File;
import java.io.IOException;

/**
 * The controlling terminal's line discipline, through {@code stty} (as Lanterna does).
 * Lanterna saves the settings with {@code stty -g} when it acquires the terminal and puts
 * them back on close and in its shutdown hook (q, exceptions, SIGTERM, SIGHUP), so what we
 * change here after that is undone with the rest.
 */
public final class Tty {
    private static final File TTY = new File("/dev/tty");

    private Tty() {
    }

    /**
     * Lanterna's TRAP mode only undefines {@code intr}: Ctrl-Z still sends SIGTSTP and stops
     * the JVM in raw mode. Undefining {@code susp} makes Ctrl-Z a key (undo in the editor).
     */
    public static void keepSuspendKey() throws IOException {
        stty("susp", "undef");
    }

    /**
     * What the UI needs after it was stopped from outside and continued: a shell that took
     * the terminal meanwhile leaves it cooked, with echo.
     */
    public static void rawAgain() throws IOException {
        stty("-icanon", "-echo", "min", "1", "intr", "undef", "susp", "undef");
    }

    /**
     * Hands the terminal to another program (the person's editor) as a shell would: cooked,
     * with echo. Ctrl-C and Ctrl-Z stay keys (no SIGINT or SIGTSTP), as in the UI: the editor
     * runs in the UI's process group, so a signal from the keyboard would end or stop the UI
     * too. Returns the settings to give back to {@link #restore} afterwards.
     */
    public static String lend() throws IOException {
        String saved = stty("-g").strip();
        stty("sane", "intr", "undef", "susp", "undef");
        return saved;
    }

    /** Puts back settings {@link #lend} saved. */
    public static void restore(String saved) throws IOException {
        stty(saved);
    }

    /** The terminal's width in columns ({@code stty size}), or {@code fallback} when there is no terminal. */
    public static int columns(int fallback) {
        try {
            String[] size = stty("size").strip().split("\\s+");
            int cols = size.length == 2 ? Integer.parseInt(size[1]) : 0;
            return cols > 0 ? cols : fallback;
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    /** Runs {@code action} on every SIGCONT (on a signal thread: it must only post work). */
    @SuppressWarnings("removal")
    public static void onContinue(Runnable action) {
        sun.misc.Signal.handle(new sun.misc.Signal("CONT"), sig -> action.run());
    }

    /** Runs {@code stty ARGS} on the controlling terminal and returns what it printed. */
    static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = System.getProperty("com.googlecode.lanterna.terminal.UnixTerminal.sttyCommand", "/bin/stty");
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(TTY))
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running stty", e);
        }
    }
}
