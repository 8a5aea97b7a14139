package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.DaemonInfo;
import dev.cellar.protocol.method.Methods;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(name = "daemon", description = "Start, stop or inspect the Cellar daemon.",
        subcommands = {DaemonCommand.Start.class, DaemonCommand.Stop.class, DaemonCommand.Status.class})
final class DaemonCommand {

    @Command(name = "start", description = "Start the daemon in the background; returns when it accepts connections.")
    static final class Start extends ClientCommand {
        @picocli.CommandLine.Option(names = "--tcp", paramLabel = "HOST:PORT",
                description = "Also listen on TCP, loopback only (e.g. 127.0.0.1:7070). Clients must send the token "
                        + "from the tcp-token file beside the socket (mode 0600).")
        String tcp;
        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            try (CellarClient running = daemon.connectIfRunning()) {
                if (running != null) {
                    out.println("daemon already running (pid " + running.call(Methods.DAEMON_INFO, null, DaemonInfo.class).pid()
                            + ", socket " + daemon.socket() + ")");
                    return ExitCode.OK;
                }
            }
            long pid = DaemonLauncher.start(daemon.socket(), tcp == null ? java.util.List.of() : java.util.List.of("--tcp", tcp));
            out.println("daemon started (pid " + pid + ", socket " + daemon.socket() + ")");
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", description = {"Stop the daemon (its notebooks are already saved).",
            "Returns once the daemon's process has exited (or says it is still stopping after 30 s)."})
    static final class Stop extends ClientCommand {
        private static final Duration PATIENCE = Duration.ofSeconds(30);

        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            long pid;
            try (CellarClient client = daemon.connectIfRunning()) {
                if (client == null) {
                    out.println("no daemon running on " + daemon.socket());
                    return ExitCode.OK;
                }
                pid = client.call(Methods.DAEMON_INFO, null, DaemonInfo.class).pid();
                client.call(Methods.DAEMON_SHUTDOWN, null, Object.class);
            }
            // a daemon in this very JVM (tests, --standalone) cannot be waited for: its socket closing is the sign
            var process = pid == ProcessHandle.current().pid() ? java.util.Optional.<ProcessHandle>empty() : ProcessHandle.of(pid);
            boolean gone = process.isEmpty() ? socketCloses() : exits(process.get());
            out.println(gone ? "daemon stopped" : "daemon stopping (pid " + pid + " has not exited after "
                    + PATIENCE.toSeconds() + " s)");
            return ExitCode.OK;
        }

        private static boolean exits(ProcessHandle process) {
            try {
                process.onExit().get(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                return !process.isAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private boolean socketCloses() {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (DaemonLauncher.answers(daemon.socket())) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Command(name = "status", description = {"Show whether the daemon runs: pid, socket, uptime, open notebooks.",
            "Exits 3 when no daemon is running."})
    static final class Status extends ClientCommand {
        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            try (CellarClient client = daemon.connectIfRunning()) {
                if (client == null) {
                    out.println("not running (socket " + daemon.socket() + ")");
                    return ExitCode.NOT_RUNNING;
                }
                DaemonInfo info = client.call(Methods.DAEMON_INFO, null, DaemonInfo.class);
                out.println("running");
                out.println("pid      " + info.pid());
                out.println("socket   " + info.socket());
                out.println("uptime   " + human(Duration.ofMillis(info.uptimeMillis())));
                out.println("version  " + info.version());
                out.println("notebooks " + info.notebooks().size());
                for (DaemonInfo.OpenNotebook nb : info.notebooks()) {
                    out.printf("  %s  %s  revision %d%n", nb.path(), Plural.of(nb.cells(), "cell"), nb.revision());
                    out.printf("    python: %s  %s%s%n", nb.kernel().description(), nb.kernel().confinementLine(),
                            nb.kernel().pending() != null ? "  (held: cellar confirm " + nb.path() + ")" : "");
                }
                return ExitCode.OK;
            }
        }

        private static String human(Duration d) {
            if (d.toHours() > 0) {
                return d.toHours() + "h " + d.toMinutesPart() + "m";
            }
            return d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s" : d.toSeconds() + "s";
        }
    }
}
