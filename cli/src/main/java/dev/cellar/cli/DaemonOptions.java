package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.SocketPaths;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How every command reaches the daemon: {@code --socket}, else {@code CELLAR_SOCKET}, else the default. */
public final class DaemonOptions {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "The daemon's socket (default: $CELLAR_SOCKET, else $XDG_RUNTIME_DIR/cellar/cellar.sock, "
                    + "else ~/.cellar/run/cellar.sock).")
    Path socket;

    Path socket() {
        return socket != null ? socket.toAbsolutePath() : SocketPaths.defaultSocket();
    }

    /** Connects, starting the daemon first when none runs. */
    CellarClient connect() {
        return connect("cli");
    }

    /** Connects as {@code clientName} (the actor of this client's edits), starting the daemon if needed. */
    CellarClient connect(String clientName) {
        Path s = socket();
        if (!DaemonLauncher.answers(s)) {
            DaemonLauncher.start(s);
        }
        return connectTo(s, clientName);
    }

    /** As {@link #connect(String)}, telling {@code phase} when it has to start the daemon (the TUI shows it). */
    CellarClient connect(String clientName, java.util.function.Consumer<String> phase) {
        Path s = socket();
        if (!DaemonLauncher.answers(s)) {
            phase.accept("starting the daemon");
            DaemonLauncher.start(s);
            phase.accept("connecting to the daemon");
        }
        return connectTo(s, clientName);
    }

    /** Connects to the daemon that runs now; never starts one. */
    CellarClient connectRunning(String clientName) {
        if (!DaemonLauncher.answers(socket())) {
            throw new CliException(ExitCode.NO_DAEMON, "no daemon is running (start one with: cellar daemon start)");
        }
        return connectTo(socket(), clientName);
    }

    /** Connects to a running daemon, or returns null when none runs. */
    CellarClient connectIfRunning() {
        return DaemonLauncher.answers(socket()) ? connectTo(socket(), "cli") : null;
    }

    static CellarClient connectTo(Path socket, String clientName) {
        try {
            return CellarClient.connect(socket, clientName);
        } catch (IOException e) {
            throw new CliException(ExitCode.NO_DAEMON, e.getMessage());
        }
    }
}
