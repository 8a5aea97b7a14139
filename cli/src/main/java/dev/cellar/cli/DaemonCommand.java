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

    @Command(name = "stop", description = "Stop the daemon (its notebooks are already saved).")
    static final class Stop extends ClientCommand {
        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            try (CellarClient client = daemon.connectIfRunning()) {
                if (client == null) {
                    out.println("no daemon running on " + daemon.socket());
                    return ExitCode.OK;
                }
                client.call(Methods.DAEMON_SHUTDOWN, null, Object.class);
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (DaemonLauncher.answers(daemon.socket())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new CliException(ExitCode.FAILED, "the daemon did not stop within 10 s");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCode.FAILED;
                }
            }
            out.println("daemon stopped");
            return ExitCode.OK;
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
                    out.printf("  %s  %d cells  revision %d%n", nb.path(), nb.cells(), nb.revision());
                    out.printf("    python: %s  sandbox: %s%n", nb.kernel().description(), nb.kernel().sandbox());
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
