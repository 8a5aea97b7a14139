package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.ProcessTree;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.RunAllParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real daemon process, stopped as {@code cellar daemon stop} does or killed with SIGKILL:
 * the processes its notebook's cells started (setsid and double-forked ones included) end
 * with it.
 */
@Timeout(300)
class DaemonEndsCellProcessesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stop", "kill -9"})
    void theProcessesCellsStartedEndWithTheDaemon(String how) throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path socket = dir.resolve("run").resolve("cellar.sock");
        Path file = dir.resolve("spawn.py");
        Files.writeString(file, "# cellar: autorun=false\n\n# %%\n" + ProcessTree.spawnCell(true));
        Process daemon = DaemonProcess.start(socket, Map.of("CELLAR_PYTHON", TestPython.cpython().toString(),
                "HOME", FakeHome.in(dir).toString()));
        List<ProcessTree.Started> started = List.of();
        try {
            try (CellarClient client = CellarClient.connect(socket, "test")) {
                String nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false), NotebookSnapshot.class)
                        .notebookId();
                RunResult run = client.call(Methods.NOTEBOOK_RUN_ALL, new RunAllParams(nb, true), RunResult.class);
                assertThat(run.cells()).singleElement().satisfies(c -> assertThat(c.status()).as("%s", c.error())
                        .isEqualTo(CellStatus.OK));
                started = ProcessTree.started(run.cells().get(0).outputs().stream()
                        .map(o -> o instanceof Output.Stream s ? s.text() : "").collect(Collectors.joining()));
                assertThat(started).hasSize(20);
                if (how.equals("stop")) {
                    client.call(Methods.DAEMON_SHUTDOWN, null, Object.class);
                }
            }
            if (how.equals("stop")) {
                assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("the daemon stopped").isTrue();
            } else {
                daemon.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            }
            ProcessTree.awaitAllEnded(started);
        } finally {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
            ProcessTree.killLeftovers(started);
        }
    }
}
