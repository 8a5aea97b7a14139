package dev.cellar.daemon.kernel.worker;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Sends POSIX signals with kill(1): Java can only destroy a process, not interrupt it. */
final class Signals {
    private Signals() {
    }

    /** {@code group}: to the process group led by {@code pid} (the worker and its children). */
    static void send(String signal, long pid, boolean group) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", (group ? "-" : "") + pid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.getLogger("cellar.worker").log(System.Logger.Level.WARNING, "cannot send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** " (SIGSEGV)" for 11, and so on; empty for numbers without a well-known name. */
    static String name(int signal) {
        return switch (signal) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 4 -> " (SIGILL)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
