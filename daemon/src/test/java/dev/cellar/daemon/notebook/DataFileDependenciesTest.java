package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.ClientEvents;
import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files an SQL cell reads are dependencies: a change the daemon's file watcher sees makes the
 * cells reading the file stale and, with autorun, runs them again. Through a real daemon,
 * its watcher and a client.
 */
@Timeout(120)
class DataFileDependenciesTest {
    @TempDir
    Path dir;
    Daemon daemon;
    CellarClient client;
    final ClientEvents received = new ClientEvents();
    String nb;

    private void open(String header) throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "needs " + TestPython.cpython());
        Files.writeString(dir.resolve("sales.csv"), "region,amount\nnorth,120\nsouth,80\n");
        Path file = dir.resolve("nb.py");
        Files.writeString(file, "# cellar: python=" + TestPython.cpython() + " " + header + "\n");
        daemon = Daemon.start(dir.resolve("cellar.sock"));
        AttachedClient attached = AttachedClient.open(dir.resolve("cellar.sock"), file, received);
        client = attached.client();
        nb = attached.notebookId();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aCellRewritingTheCsvMakesTheSqlCellReadingItRunAgain() throws Exception {
        open("");
        String q = create(CellKind.SQL, "SELECT SUM(amount) AS total FROM 'sales.csv'", "t");
        String reader = create(CellKind.PYTHON, "t[0]['total']", null);
        String other = create(CellKind.SQL, "SELECT 1 AS one", null);
        await("the query and its reader ran", () -> output(reader).contains("200"));
        long otherRuns = runsOf(other);

        String writer = create(CellKind.PYTHON, "open('sales.csv', 'w').write('region,amount\\nnorth,1\\nsouth,2\\n')", null);
        await("the query read the new file, and its reader followed", () -> output(reader).contains("3")
                && cell(q).status() == CellStatus.OK && cell(writer).status() == CellStatus.OK);
        assertThat(output(q)).contains("3");
        assertThat(runsOf(other)).as("a cell that does not read the file stays as it was").isEqualTo(otherRuns);
        assertThat(received.list()).anyMatch(e -> e.type() == EventType.CELL_STATE && "file".equals(e.actor())
                && q.equals(((Event.WithCell) e).cell().id()) && ((Event.WithCell) e).cell().status() == CellStatus.STALE);
    }

    @Test
    void withoutAutorunTheCellReadingAChangedFileIsStale() throws Exception {
        open("autorun=off");
        String q = create(CellKind.SQL, "SELECT * FROM read_csv('sales.csv')", null);
        client.call(Methods.CELL_RUN, new dev.cellar.protocol.method.RunCellsParams(nb, List.of(q), true), Object.class);
        assertThat(cell(q).status()).isEqualTo(CellStatus.OK);

        Files.writeString(dir.resolve("sales.csv"), "region,amount\neast,1\n");
        await("the reader is stale", () -> cell(q).status() == CellStatus.STALE);
    }

    @Test
    void aCellThatCopiesToAFileItReadsRunsOnce() throws Exception {
        open("");
        String copy = create(CellKind.SQL, "COPY (SELECT * FROM 'sales.csv') TO 'out.csv' (HEADER);\n"
                + "SELECT COUNT(*) AS n FROM 'out.csv'", null);
        await("the copy ran", () -> cell(copy).status() == CellStatus.OK);
        String marker = create(CellKind.SQL, "SELECT COUNT(*) AS n FROM 'marker.csv'", null);
        await("the marker query ran (and failed: no file yet)", () -> cell(marker).status() == CellStatus.ERROR);

        // the watcher reports in order: once the marker's change is handled, out.csv's was too
        Files.writeString(dir.resolve("marker.csv"), "a\n1\n");
        await("the marker's change ran its reader", () -> cell(marker).status() == CellStatus.OK);
        assertThat(runsOf(copy)).as("COPY … TO by the cell itself is no reason to run it again").isEqualTo(1);
    }

    @Test
    void aFileInASubfolderChangedByAnotherProgramRunsItsReaderAgain() throws Exception {
        open("");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("sales.csv"), "region,amount\nnorth,5\n");
        String q = create(CellKind.SQL, "SELECT SUM(amount) AS total FROM 'data/sales.csv'", null);
        await("the query ran", () -> output(q).contains("5"));

        Files.writeString(data.resolve("sales.csv"), "region,amount\nnorth,40\nsouth,2\n");
        await("the query read the new file", () -> output(q).contains("42") && cell(q).status() == CellStatus.OK);
    }

    @Test
    void aNewFileMatchingAGlobInAnotherFolderRunsItsReaderAgain() throws Exception {
        open("");
        Path months = Files.createDirectories(dir.resolve("data").resolve("2024"));
        Files.writeString(months.resolve("01.csv"), "amount\n10\n");
        String q = create(CellKind.SQL, "SELECT COUNT(*) AS files, SUM(amount) AS total FROM read_csv('data/2024/*.csv')", null);
        await("the query ran", () -> output(q).contains("10"));

        Files.writeString(months.resolve("02.csv"), "amount\n23\n");
        await("the query read both months", () -> output(q).contains("33") && cell(q).status() == CellStatus.OK);
    }

    private long runsOf(String cellId) {
        return received.list().stream().filter(e -> e.type() == EventType.RUN_STARTED && ((Event.RunStarted) e).cellIds().contains(cellId)).count();
    }

    private String create(CellKind kind, String code, String out) throws Exception {
        return client.call(Methods.CELL_CREATE, new CreateCellParams(nb, kind, code, null, null, out), CellResult.class)
                .cell().id();
    }

    private CellInfo cell(String cellId) throws Exception {
        return client.call(Methods.NOTEBOOK_GET, new NotebookParams(nb), NotebookSnapshot.class).cell(cellId);
    }

    private String output(String cellId) throws Exception {
        return String.valueOf(cell(cellId).outputs());
    }

    private void await(String what, Await.Check condition) {
        received.until(what, condition);
    }
}
