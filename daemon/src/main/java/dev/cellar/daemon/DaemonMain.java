package dev.cellar.daemon;

import dev.cellar.protocol.client.SocketPaths;
import java.io.IOException;
import java.nio.file.Path;

/** {@code java … dev.cellar.daemon.DaemonMain [--socket PATH]}: runs the daemon until it is asked to stop. */
public final class DaemonMain {
    private DaemonMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path socket = SocketPaths.defaultSocket();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--socket") && i + 1 < args.length) {
                socket = Path.of(args[++i]).toAbsolutePath();
            } else {
                System.err.println("cellar daemon: unknown argument " + args[i] + " (usage: DaemonMain [--socket PATH])");
                System.exit(2);
            }
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(socket);
        } catch (IOException e) {
            System.err.println("cellar daemon: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "cellar-shutdown-hook"));
        System.err.println("cellar daemon " + Daemon.VERSION + " listening on " + socket + " (pid "
                + ProcessHandle.current().pid() + ")");
        daemon.awaitShutdown();
        System.exit(0);
    }
}
