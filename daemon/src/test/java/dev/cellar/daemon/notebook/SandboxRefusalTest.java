package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sandbox=on where no mechanism works: the cells are refused with the reason, never run unconfined. */
class SandboxRefusalTest {
    @Test
    void whereTheMachineCannotConfineTheKernelCellsAreRefusedNotRunUnconfined(@TempDir Path other) throws Exception {
        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("CELLAR_SANDBOX_DISABLE", "landlock");
        Path file = other.resolve("refused.py");
        Files.writeString(file, "# cellar: sandbox=on\n");
        try (TestNotebook refused = new TestNotebook(NotebookSession.open("refused", file, false,
                TestDaemonParts.services(new NotebookStore(), env)))) {
            assertThat(refused.snapshot().kernel().sandbox()).isEqualTo("unavailable");
            assertThat(refused.snapshot().kernel().problem()).contains("Landlock", "sandbox=off");
            String id = refused.add("open('ran.txt', 'w').write('unconfined')");
            refused.awaitQuiet();
            CellInfo cell = refused.cell(id);
            assertThat(cell.status()).isEqualTo(CellStatus.ERROR);
            assertThat(cell.error().message()).contains("cannot confine", "Landlock", "sandbox=off");
            assertThat(other.resolve("ran.txt")).doesNotExist();
        }
    }

    @Test
    void whereNetCannotBeEnforcedCellsAreRefusedNotRunWithAWiderNetwork(@TempDir Path other) throws Exception {
        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("CELLAR_SANDBOX_DISABLE", "net");
        Path file = other.resolve("refused.py");
        Files.writeString(file, "# cellar: sandbox=on net=127.0.0.1:9\n");
        try (TestNotebook refused = new TestNotebook(NotebookSession.open("refused", file, false,
                TestDaemonParts.services(new NotebookStore(), env)))) {
            assertThat(refused.snapshot().kernel().sandbox()).isEqualTo("unavailable");
            assumeFalse(refused.snapshot().kernel().problem().contains("cannot confine"),
                    "this machine cannot confine at all: " + refused.snapshot().kernel().problem());
            assertThat(refused.snapshot().kernel().problem()).contains("net=127.0.0.1:9", "CELLAR_SANDBOX_DISABLE=net",
                    "remove net=");
            assertThat(refused.snapshot().kernel().net()).containsExactly("127.0.0.1:9");
            String id = refused.add("open('ran.txt', 'w').write('ran')");
            refused.awaitQuiet();
            assertThat(refused.cell(id).status()).isEqualTo(CellStatus.ERROR);
            assertThat(refused.cell(id).error().message()).contains("cannot hold", "net=");
            assertThat(other.resolve("ran.txt")).doesNotExist();
        }
    }

    @Test
    void netOnEmbeddedGraalPyRefusesTheCellsSayingWhy(@TempDir Path other) throws Exception {
        Path file = other.resolve("graalpy.py");
        Files.writeString(file, "# cellar: python=graalpy net=127.0.0.1:9\n");
        try (TestNotebook refused = new TestNotebook(NotebookSession.open("graalpy", file, false,
                TestDaemonParts.services(new NotebookStore(), TestPython.CPYTHON.environment())))) {
            assertThat(refused.snapshot().kernel().sandbox()).isEqualTo("unavailable");
            assertThat(refused.snapshot().kernel().problem()).contains("GraalPy has no network", "remove net=");
        }
    }
}
