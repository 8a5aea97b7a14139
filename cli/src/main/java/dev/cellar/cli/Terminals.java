package dev.cellar.cli;

import java.io.Console;

/** Whether this process writes to a terminal. */
final class Terminals {
    private Terminals() {
    }

    /**
     * {@code System.console()} is null without a terminal up to JDK 21; from JDK 22 it may
     * exist for a redirected stdout, and {@code Console.isTerminal()} (22+, called by
     * reflection since we compile for 21) says whether it really is one.
     */
    @SuppressWarnings("SystemConsoleNull") // the one place that asks, and it handles both JDKs
    static boolean stdoutIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Whether a person can be asked here: stdin and stdout are both a terminal (what a Console needs). */
    static boolean interactive() {
        return stdoutIsTerminal();
    }
}
