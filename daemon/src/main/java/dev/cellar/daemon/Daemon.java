package dev.cellar.daemon;

import dev.cellar.daemon.analysis.Analyzers;
import dev.cellar.daemon.assistant.Agents;
import dev.cellar.daemon.assistant.Assistant;
import dev.cellar.daemon.assistant.AssistantConfig;
import dev.cellar.daemon.kernel.Interpreters;
import dev.cellar.daemon.kernel.NotebookKernel;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.notebook.Notebooks;
import dev.cellar.daemon.notebook.SessionServices;
import dev.cellar.daemon.server.RpcServer;
import dev.cellar.daemon.server.ServedDaemon;
import dev.cellar.daemon.sql.DuckDbCaps;
import dev.cellar.daemon.sql.ServerAccess;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.method.DaemonInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The daemon: open notebooks, the shared analyser, the assistant, and the socket server in front of them. */
public final class Daemon implements ServedDaemon, AutoCloseable {
    public static final String VERSION = "0.1.0";

    private final long startedAt = System.currentTimeMillis();
    private final Analyzers analyzers = new Analyzers();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "cellar-timers");
        t.setDaemon(true);
        return t;
    });
    private final Notebooks notebooks;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Assistant assistant;
    private final Agents agents;
    private RpcServer server;
    private final ServerAccess access;

    private Daemon(AssistantConfig assistantConfig) {
        // the drivers the user added, refused in any open notebook's folder; the environment (passwords of named
        // connections, CELLAR_JDBC_PATH) as the daemon started with it
        this.access = ServerAccess.of(System.getenv(), this::notebookFolders);
        this.notebooks = new Notebooks(new SessionServices(new NotebookStore(), new Interpreters(System.getenv()), analyzers,
                spec -> new NotebookKernel(spec, System.getenv("CELLAR_SQL_URL"), DuckDbCaps.of(System.getenv()), access),
                timers, true,
                assistantConfig.approval().wireName()));
        this.assistant = new Assistant(assistantConfig);
        this.agents = new Agents(notebooks, assistant, assistantConfig.approval());
    }

    public static Daemon start(Path socket) throws IOException {
        return start(socket, AssistantConfig.load());
    }

    /** With the assistant's endpoint given (tests point it at a scripted server). */
    public static Daemon start(Path socket, AssistantConfig assistantConfig) throws IOException {
        Daemon daemon = new Daemon(assistantConfig);
        daemon.server = RpcServer.start(socket, daemon);
        return daemon;
    }

    /**
     * Also accepts clients over TCP on a loopback address. The token they must present is
     * written to {@code tcp-token} (0600) beside the socket; returns the bound address.
     */
    public java.net.InetSocketAddress listenTcp(java.net.InetSocketAddress address) throws IOException {
        String token = TcpToken.create(server.socket().getParent().resolve(TcpToken.FILE_NAME));
        return server.listenTcp(address, token);
    }

    /** {@code cellar connection test}: opens the named connection off the network threads (a server may be slow to answer). */
    @Override
    public java.util.concurrent.CompletableFuture<dev.cellar.protocol.method.ConnectionTestResult> testConnection(String name) {
        dev.cellar.protocol.config.NamedConnection.requireName(name);
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> dev.cellar.daemon.sql.SqlDatabase.test(access, name),
                r -> Thread.ofVirtual().name("connection-test").start(r));
    }

    private java.util.List<Path> notebookFolders() {
        return notebooks.all().stream().map(s -> s.current().path().toAbsolutePath().getParent()).toList();
    }

    @Override
    public Notebooks notebooks() {
        return notebooks;
    }

    @Override
    public Assistant assistant() {
        return assistant;
    }

    /** External agents' tool calls ({@code cellar mcp}). */
    @Override
    public Agents agents() {
        return agents;
    }

    @Override
    public DaemonInfo info() {
        return new DaemonInfo(VERSION, ProcessHandle.current().pid(), server.socket().toString(),
                System.currentTimeMillis() - startedAt,
                notebooks.all().stream().map(Daemon::summary).toList(), assistant.setupHint());
    }

    private static DaemonInfo.OpenNotebook summary(NotebookSession s) {
        var nb = s.current();
        return new DaemonInfo.OpenNotebook(s.id(), nb.path().toString(), nb.revision(), nb.cells().size(), s.kernelInfo(),
                s.presence());
    }

    /** Answers the shutdown request first, then stops. */
    @Override
    public void shutdownSoon() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        }, "cellar-shutdown");
        t.start();
    }

    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            quietly(agents::close);
            quietly(assistant::close);
            quietly(notebooks::close); // before the server, so attached clients hear that their notebooks closed
            if (server != null) {
                quietly(server::close);
            }
            quietly(analyzers::close);
            quietly(dev.cellar.daemon.kernel.worker.WorkerKernel::closeSpares);
            timers.shutdownNow();
        } finally {
            stopped.countDown(); // whatever failed above, the process ends: `daemon stop` must never hang
        }
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            System.getLogger("cellar").log(System.Logger.Level.ERROR, "stopping: a step failed; stopping anyway", e);
        }
    }
}
