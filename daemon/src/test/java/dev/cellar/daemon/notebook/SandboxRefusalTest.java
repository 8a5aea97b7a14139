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
    /** A notebook in {@code folder} with {@code header}, on a daemon where {@code disabled} counts as missing (null: none). */
    private static TestNotebook open(Path folder, String header, String disabled) throws Exception {
        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        if (disabled != null) {
            env.put("CELLAR_SANDBOX_DISABLE", disabled);
        }
        Path file = folder.resolve("refused.py");
        Files.writeString(file, header);
        return new TestNotebook(NotebookSession.open("refused", file, false, TestDaemonParts.services(new NotebookStore(), env)));
    }

    /** Runs a cell that would write {@code ran.txt}: refused with the reason, nothing written. */
    private static CellInfo refusedCell(TestNotebook refused, Path folder) {
        String id = refused.add("open('ran.txt', 'w').write('ran')");
        refused.awaitQuiet();
        CellInfo cell = refused.cell(id);
        assertThat(cell.status()).isEqualTo(CellStatus.ERROR);
        assertThat(folder.resolve("ran.txt")).doesNotExist();
        return cell;
    }

    @Test
    void whereTheMachineCannotConfineTheKernelCellsAreRefusedNotRunUnconfined(@TempDir Path other) throws Exception {
        try (TestNotebook refused = open(other, "# cellar: sandbox=on\n", "landlock")) {
            assertThat(refused.snapshot().kernel().sandbox()).isEqualTo("unavailable");
            assertThat(refused.snapshot().kernel().problem()).contains("Landlock", "sandbox=off");
            assertThat(refusedCell(refused, other).error().message()).contains("cannot confine", "Landlock", "sandbox=off");
        }
    }

    @Test
    void whereNetCannotBeEnforcedCellsAreRefusedNotRunWithAWiderNetwork(@TempDir Path other) throws Exception {
        try (TestNotebook refused = open(other, "# cellar: sandbox=on net=127.0.0.1:9\n", "net")) {
            assertThat(refused.snapshot().kernel().sandbox()).isEqualTo("unavailable");
            assumeFalse(refused.snapshot().kernel().problem().contains("cannot confine"),
                    "this machine cannot confine at all: " + refused.snapshot().kernel().problem());
            assertThat(refused.snapshot().kernel().problem()).contains("net=127.0.0.1:9", "CELLAR_SANDBOX_DISABLE=net",
                    "remove net=");
            assertThat(refused.snapshot().kernel().net()).containsExactly("127.0.0.1:9");
            assertThat(refusedCell(refused, other).error().message()).contains("cannot hold", "net=");
        }
    }

    @Test
    void netOnEmbeddedGraalPyRefusesTheCellsSayingWhy(@TempDir Path other) throws Exception {
        try (TestNotebook refused = open(other, "# cellar: python=graalpy net=127.0.0.1:9\n", null)) {
            assertThat(refused.snapshot().kernel().sandbox()).isEqualTo("unavailable");
            assertThat(refused.snapshot().kernel().problem()).contains("GraalPy has no network", "remove net=");
            assertThat(refusedCell(refused, other).error().message()).contains("GraalPy has no network");
        }
    }
}
