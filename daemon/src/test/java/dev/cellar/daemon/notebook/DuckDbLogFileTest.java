package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real DuckDB: a log file outside the notebook's folder used to abort the daemon's
 * process when the notebook closed (this test's JVM would die) and broke every later statement.
 */
@org.junit.jupiter.api.Timeout(120)
class DuckDbLogFileTest {
    @TempDir
    Path dir;

    private static CellInfo runSql(TestNotebook nb, String code) {
        String id = (nb.call(new Command.CreateCell(CellKind.SQL, code, null, null, null, false, false)))
                .cell().id();
        return nb.runAndWait(id).cells().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aLogFileOutsideTheFolderIsRefusedAndNeitherBreaksTheNotebookNorStopsTheDaemon() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("nb"));
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("n", folder.resolve("logs.py"), true,
                TestDaemonParts.services()))) {
            for (String escape : new String[] {
                "CALL enable_logging(storage = 'file', storage_path = '../logs'); SELECT 1; SELECT 2",
                "CALL enable_logging(storage_path = '../logs')",
                "SET logging_storage = 'file'"}) {
                CellInfo refused = runSql(nb, escape);
                assertThat(refused.status()).as(escape).isEqualTo(CellStatus.ERROR);
                assertThat(refused.error().message()).contains("log storage cannot be changed");
            }
            // the notebook's DuckDB settings are locked after set-up: logging at all is refused by DuckDB itself
            CellInfo inMemory = runSql(nb, "CALL enable_logging(); SELECT 41 + 1 AS answer");
            assertThat(inMemory.status()).isEqualTo(CellStatus.ERROR);
            assertThat(inMemory.error().message()).contains("configuration has been locked");
            CellInfo later = runSql(nb, "SELECT 'still fine' AS s");
            assertThat(text(later)).contains("still fine");
        } // closing the notebook closes DuckDB: the moment the daemon used to abort
        assertThat(Files.exists(dir.resolve("logs"))).isFalse();
    }
}
