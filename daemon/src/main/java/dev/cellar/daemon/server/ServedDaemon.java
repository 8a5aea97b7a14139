package dev.cellar.daemon.server;

import dev.cellar.daemon.assistant.Agents;
import dev.cellar.daemon.assistant.Assistant;
import dev.cellar.daemon.notebook.Notebooks;
import dev.cellar.protocol.method.ConnectionTestResult;
import dev.cellar.protocol.method.DaemonInfo;
import java.util.concurrent.CompletableFuture;

/**
 * What the method table serves: the daemon as the server sees it. The daemon's wiring
 * ({@code dev.cellar.daemon.Daemon}) implements it and starts the server, so the server never
 * reaches back into the class that made it.
 */
public interface ServedDaemon {
    Notebooks notebooks();

    Assistant assistant();

    Agents agents();

    DaemonInfo info();

    /** Opens the named connection once and says how it went (`cellar connection test`). */
    CompletableFuture<ConnectionTestResult> testConnection(String name);

    /** Stops the daemon after the current reply is on its way. */
    void shutdownSoon();
}
