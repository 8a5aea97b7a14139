package dev.cellar.cli;

/** The exit codes of every {@code cellar} command (also listed in {@code cellar --help}). */
public final class ExitCode {
    public static final int OK = 0;
    /** A cell failed, or the daemon refused the request (unknown cell, conflict, …). */
    public static final int FAILED = 1;
    /** Bad usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** {@code cellar daemon status}: no daemon is running. */
    public static final int NOT_RUNNING = 3;
    /** The daemon could not be reached or started. */
    public static final int NO_DAEMON = 4;
    /** {@code cellar run}: the run took longer than {@code --timeout} and was stopped (as GNU timeout). */
    public static final int TIMEOUT = 124;
    /** {@code cellar run}: a cell was interrupted (Ctrl-C, or another client). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
