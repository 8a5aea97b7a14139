package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox=on net=127.0.0.1:PORT} on the user's CPython, with real sockets: a confined
 * cell reaches the listed endpoint (an echo server in this test) and nothing else, and what
 * keeps it so (the supervisor of its connects) ends with its kernel. Skips where the machine
 * cannot confine, or cannot enforce net= (that refusal has its own test).
 */
class ConfinedNetworkTest {
    private static final String DENIED = "PermissionError: [Errno 13] Permission denied";
    private static final String ATTEMPT = """
            import asyncio, os, socket
            def attempt(f):
                try:
                    return 'DONE %r' % (f(),)
                except BaseException as e:
                    return '%s: %s' % (type(e).__name__, e)
            def talk(host, port, family=socket.AF_INET):
                with socket.socket(family, socket.SOCK_STREAM) as s:
                    s.settimeout(10)
                    s.connect((host, port))
                    s.sendall(b'ping')
                    return s.recv(100).decode()
            """;

    @TempDir
    static Path root;
    static ServerSocket allowed;
    static ServerSocket other;
    static Path home;
    static SessionServices services;
    static TestNotebook nb;

    @BeforeAll
    static void aConfinedNotebookWithOneEndpoint() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        allowed = echoServer();
        other = echoServer();
        home = FakeHome.in(root);
        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("HOME", home.toString());
        env.put("CELLAR_SOCKET", root.resolve("run/cellar.sock").toString());
        services = TestDaemonParts.services(new NotebookStore(), env);
        nb = open(home, "net", "# cellar: sandbox=on net=127.0.0.1:" + allowed.getLocalPort() + "\n");
        assumeTrue("landlock+seccomp".equals(nb.snapshot().kernel().sandbox()),
                "this machine cannot confine a worker with net=: " + nb.snapshot().kernel().problem());
        run(ATTEMPT);
    }

    @AfterAll
    static void close() throws IOException {
        if (nb != null) {
            nb.close();
        }
        for (ServerSocket s : new ServerSocket[] {allowed, other}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static TestNotebook open(Path home, String name, String header) throws IOException {
        Path folder = Files.createDirectories(home.resolve(name));
        Path file = folder.resolve("nb.py");
        Files.writeString(file, header);
        return new TestNotebook(NotebookSession.open(name, file, false, services));
    }

    /** Answers each connection's first bytes with {@code echo:} and those bytes, until closed. */
    private static ServerSocket echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("echo-" + server.getLocalPort()).start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] buf = new byte[100];
                    int n = in.read(buf);
                    out.write(("echo:" + new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed, or a client that went away: the next one
                }
            }
        });
        return server;
    }

    private static String run(String code) {
        return run(nb, code);
    }

    private static String run(TestNotebook in, String code) {
        String id = in.add(code);
        in.awaitQuiet();
        CellInfo cell = in.cell(id);
        assertThat(cell.status()).as("cell %s: %s", code, cell.error()).isEqualTo(CellStatus.OK);
        return text(cell).replaceAll("^'|'$", "").replaceAll("^\"|\"$", "");
    }

    @Test
    void aCellConnectsToTheListedPortAndExchangesBytes() {
        int port = allowed.getLocalPort();
        assertThat(run("attempt(lambda: talk('127.0.0.1', %d))".formatted(port))).isEqualTo("DONE 'echo:ping'");
        assertThat(run("""
                with socket.create_connection(('127.0.0.1', %d), timeout=10) as s:
                    s.sendall(b'created')
                    answer = s.recv(100).decode()
                answer""".formatted(port))).isEqualTo("echo:created");
    }

    @Test
    void aNonBlockingConnectFromAsyncioWorks() {
        assertThat(run("""
                async def fetch():
                    reader, writer = await asyncio.wait_for(asyncio.open_connection('127.0.0.1', %d), 10)
                    writer.write(b'async')
                    await writer.drain()
                    answer = await reader.read(100)
                    writer.close()
                    return answer.decode()
                asyncio.run(fetch())""".formatted(allowed.getLocalPort()))).isEqualTo("echo:async");
    }

    @Test
    void anotherPortOrAddressIsRefusedEvenWhereAServerListens() {
        assertThat(run("attempt(lambda: talk('127.0.0.1', %d))".formatted(other.getLocalPort()))).startsWith(DENIED);
        assertThat(run("attempt(lambda: talk('127.0.0.2', %d))".formatted(allowed.getLocalPort()))).startsWith(DENIED);
    }

    @Test
    void noUdpOrOtherSocketNoServerAndNoDns() {
        assertThat(run("attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: socket.socket().bind(('127.0.0.1', 0)))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: socket.socket().listen(5))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: socket.create_server(('127.0.0.1', 0)))")).startsWith(DENIED);
        // a name outside /etc/hosts needs a resolver: UDP (refused) or a local daemon's socket (refused)
        assertThat(run("attempt(lambda: socket.getaddrinfo('cellar-net-test.example.com', 80))")).startsWith("gaierror");
    }

    @Test
    void aRefusedConnectSaysWhatNetAllows() throws Exception {
        String id = nb.add("socket.create_connection(('127.0.0.1', %d), timeout=10)".formatted(other.getLocalPort()));
        nb.awaitQuiet();
        assertThat(nb.cell(id).status()).isEqualTo(CellStatus.ERROR);
        assertThat(nb.cell(id).error().message()).isEqualTo("[Errno 13] Permission denied (Cellar's sandbox: cells may only"
                + " connect over TCP to net=127.0.0.1:" + allowed.getLocalPort() + ")");
        try (TestNotebook none = open(home, "none", "# cellar: sandbox=on\n")) {
            String refused = none.add("import socket\nsocket.socket()");
            none.awaitQuiet();
            assertThat(none.cell(refused).error().message()).contains("Permission denied", "no network", "net=HOST:PORT");
        }
    }

    @Test
    void showListsTheEndpoints() {
        assertThat(nb.snapshot().kernel().net()).containsExactly("127.0.0.1:" + allowed.getLocalPort());
    }

    @Test
    void aNameIsResolvedByTheDaemonWhenTheKernelStarts() throws Exception {
        int port = allowed.getLocalPort();
        try (TestNotebook named = open(home, "named", "# cellar: sandbox=on net=localhost:" + port + "\n")) {
            run(named, ATTEMPT);
            assertThat(run(named, "attempt(lambda: talk('127.0.0.1', %d))".formatted(port))).isEqualTo("DONE 'echo:ping'");
            List<String> shown = named.snapshot().kernel().net();
            assertThat(shown).hasSize(1);
            assertThat(shown.get(0)).startsWith("localhost:" + port + " (").contains("127.0.0.1");
        }
    }

    @Test
    void theSupervisorEndsWithItsKernelOnRestartAndClose() throws Exception {
        TestNotebook own = open(home, "ends", "# cellar: sandbox=on net=127.0.0.1:" + allowed.getLocalPort() + "\n");
        ProcessHandle last;
        try {
            ProcessHandle first = supervisorOf(Long.parseLong(run(own, "__import__('os').getpid()")));
            own.call(new Command.RestartKernel());
            awaitGone(first);
            last = supervisorOf(Long.parseLong(run(own, "__import__('os').getpid()")));
        } finally {
            own.close();
        }
        awaitGone(last);
    }

    @Test
    void anEndpointAConfinedCellAddsToItsHeaderWaitsForAPerson() throws Exception {
        int port = allowed.getLocalPort();
        int added = other.getLocalPort();
        Path file;
        try (TestNotebook first = open(home, "widened", "# cellar: sandbox=on net=127.0.0.1:" + port + "\n")) {
            file = first.session.path();
            run(first, """
                    t = open('nb.py').read()
                    open('nb.py', 'w').write(t.replace(':%d', ':%d,127.0.0.1:%d', 1))
                    'written'""".formatted(port, port, added));
        }
        assertThat(Files.readString(file)).startsWith("# cellar: sandbox=on net=127.0.0.1:%d,127.0.0.1:%d\n"
                .formatted(port, added));
        try (TestNotebook again = new TestNotebook(NotebookSession.open("widened", file, false, services))) {
            assertThat(again.snapshot().kernel().pending()).contains("net=", "cellar confirm " + file);
            assertThat(again.snapshot().kernel().net()).as("as confirmed").containsExactly("127.0.0.1:" + port);
            run(again, ATTEMPT);
            assertThat(run(again, "attempt(lambda: talk('127.0.0.1', %d))".formatted(added))).startsWith(DENIED);

            again.session.confirm(TestNotebook.USER, false, null).get(120, TimeUnit.SECONDS);
            assertThat(again.snapshot().kernel().net()).containsExactly("127.0.0.1:" + port, "127.0.0.1:" + added);
            assertThat(run(again, "attempt(lambda: talk('127.0.0.1', %d))".formatted(added) + " "))
                    .as("confirmed by a person").isEqualTo("DONE 'echo:ping'");
        }
    }

    @Test
    void aNameThatDoesNotResolveRefusesTheCellsSayingWhich() throws Exception {
        try (TestNotebook unknown = open(home, "unknown", "# cellar: sandbox=on net=cellar-net-test.invalid:80\n")) {
            String id = unknown.add("1");
            unknown.awaitQuiet();
            assertThat(unknown.cell(id).status()).isEqualTo(CellStatus.ERROR);
            assertThat(unknown.cell(id).error().message()).contains("net=cellar-net-test.invalid:80",
                    "cannot resolve cellar-net-test.invalid");
        }
    }

    /** The worker's one child while no cell runs: the supervisor of its connects. */
    private static ProcessHandle supervisorOf(long worker) {
        List<ProcessHandle> children = ProcessHandle.of(worker).orElseThrow().children().toList();
        assertThat(children).as("the worker's children").hasSize(1);
        return children.get(0);
    }

    private static void awaitGone(ProcessHandle p) {
        Await.poll("process " + p.pid() + " to end", () -> !p.isAlive());
    }

    @Test
    void aConfinedDaskClientComputesOnAClusterThatAlreadyRuns() throws Exception {
        assumeTrue(TestPython.cpythonHas("distributed"), "needs Debian's python3-distributed");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String python = TestPython.cpython().toString();
        List<Process> cluster = new java.util.ArrayList<>();
        try {
            cluster.add(new ProcessBuilder(python, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--no-dashboard").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            cluster.add(new ProcessBuilder(python, "-m", "distributed.cli.dask_worker", "tcp://127.0.0.1:" + port,
                    "--nworkers", "1", "--nthreads", "1", "--no-dashboard").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            try (TestNotebook dask = open(home, "dask", "# cellar: sandbox=on net=127.0.0.1:" + port + "\n")) {
                assertThat(run(dask, """
                        from dask.distributed import Client
                        import dask.array as da
                        client = Client('tcp://127.0.0.1:%d', timeout=60)
                        client.wait_for_workers(1, timeout=60)
                        float(da.ones((2000, 2000), chunks=(500, 500)).sum().compute())""".formatted(port)))
                        .isEqualTo("4000000.0");
                run(dask, ATTEMPT);
                assertThat(run(dask, "from dask.distributed import LocalCluster\n"
                        + "attempt(lambda: LocalCluster(n_workers=1, dashboard_address=None))"))
                        .as("no cluster from a confined cell").contains("Permission denied").doesNotStartWith("DONE");
            }
        } finally {
            for (Process p : cluster) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
