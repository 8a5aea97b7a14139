package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.ProcessTree;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every process a cell starts ends with its kernel, on the user's CPython with and without
 * the sandbox: 20 children, one of which leaves through setsid and a double fork, are all
 * gone after a restart (between cells, or while a cell runs), a close, or the worker's
 * crash. Leftovers are killed by the test itself whatever happens.
 */
@Timeout(180)
class CellProcessesEndTest {
    @TempDir
    Path root;

    enum Ending { RESTART, RESTART_WHILE_RUNNING, CLOSE, CRASH }

    @ParameterizedTest(name = "sandbox={0}, {1}")
    @CsvSource({"off, RESTART", "off, RESTART_WHILE_RUNNING", "off, CLOSE", "off, CRASH",
            "on, RESTART", "on, RESTART_WHILE_RUNNING", "on, CLOSE", "on, CRASH"})
    void everyProcessACellStartedEndsWithItsKernel(String sandbox, Ending ending) throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path home = FakeHome.in(root);
        Path folder = Files.createDirectories(root.resolve("work"));
        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("HOME", home.toString());
        Path file = folder.resolve("spawn.py");
        Files.writeString(file, "# cellar: sandbox=" + sandbox + "\n");
        TestNotebook nb = new TestNotebook(NotebookSession.open("spawn", file, false,
                TestDaemonParts.services(new NotebookStore(), env)));
        List<ProcessTree.Started> started = List.of();
        try {
            assumeTrue(!"unavailable".equals(nb.snapshot().kernel().sandbox()),
                    "this machine cannot confine a worker: " + nb.snapshot().kernel().problem());
            String spawn = nb.add(ProcessTree.spawnCell(sandbox.equals("off")));
            nb.awaitQuiet();
            CellInfo cell = nb.cell(spawn);
            assertThat(cell.status()).as("%s", cell.error()).isEqualTo(CellStatus.OK);
            started = ProcessTree.started(text(cell));
            assertThat(started).hasSize(20).allSatisfy(p -> assertThat(p.alive()).isTrue());
            switch (ending) {
                case RESTART -> nb.call(new Command.RestartKernel());
                case RESTART_WHILE_RUNNING -> {
                    String busy = nb.add("__import__('time').sleep(600)");
                    nb.awaitStatus(busy, CellStatus.RUNNING);
                    nb.call(new Command.RestartKernel());
                }
                case CLOSE -> nb.close();
                case CRASH -> {
                    String crash = nb.add("__import__('os')._exit(1)");
                    nb.awaitQuiet();
                    assertThat(nb.cell(crash).error().ename()).isEqualTo("KernelDied");
                }
            }
            ProcessTree.awaitAllEnded(started);
        } finally {
            ProcessTree.killLeftovers(started);
            nb.close();
        }
    }

    @org.junit.jupiter.api.Test
    void whereTheWorkerHasACgroupItsProcessesEndEvenIfACellKillsTheKeeper() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path folder = Files.createDirectories(root.resolve("work"));
        Path file = folder.resolve("spawn.py");
        Files.writeString(file, "# cellar: sandbox=off\n");
        TestNotebook nb = new TestNotebook(NotebookSession.open("spawn", file, false,
                TestDaemonParts.services(new NotebookStore(), TestPython.CPYTHON)));
        List<ProcessTree.Started> started = List.of();
        try {
            String where = nb.add("print(open('/proc/self/cgroup').read())");
            nb.awaitQuiet();
            assumeTrue(text(nb.cell(where)).contains("cellar-worker-"),
                    "no cgroup of its own for the worker here (it needs a writable cgroup v2 below the daemon's)");
            String spawn = nb.add(ProcessTree.spawnCell(true));
            nb.awaitQuiet();
            assertThat(nb.cell(spawn).status()).as("%s", nb.cell(spawn).error()).isEqualTo(CellStatus.OK);
            started = ProcessTree.started(text(nb.cell(spawn)));
            nb.add("__import__('os').kill(__import__('os').getppid(), 9)"); // the keeper: sandbox=off may
            nb.awaitQuiet();
            nb.call(new Command.RestartKernel());
            ProcessTree.awaitAllEnded(started);
        } finally {
            ProcessTree.killLeftovers(started);
            nb.close();
        }
    }
}
