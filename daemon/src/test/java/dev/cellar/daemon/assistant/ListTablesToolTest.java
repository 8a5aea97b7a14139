package dev.cellar.daemon.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.CellKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list_tables as a tool: it answers with the catalog, and a cancelled turn stops waiting for a long cell. */
@org.junit.jupiter.api.Timeout(120)
class ListTablesToolTest {
    @TempDir
    Path dir;

    @Test
    void aCancelledTurnStopsWaitingForTheRunningCell() throws Exception {
        Path file = dir.resolve("wait.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        NotebookSession session = NotebookSession.open("t", file, false, TestDaemonParts.services(TestPython.fastest()));
        try {
            Origin origin = new Origin("assistant", "turn1");
            String slow = session.submit(origin, new Command.CreateCell(CellKind.PYTHON,
                    "import time\nfor _ in range(600):\n    time.sleep(0.1)", null, null, null)).get().cell().id();
            session.submit(origin, new Command.Run(java.util.List.of(slow), false)).get();
            Await.poll("the slow cell to run", () -> session.submit(origin, new Command.GetCell(slow)).get().status()
                    == CellStatus.RUNNING);

            Cancellation cancel = new Cancellation();
            CompletableFuture<NotebookTools.Result> listed = CompletableFuture.supplyAsync(() ->
                    NotebookTools.call(session, origin, "list_tables", "{\"schema\":null,\"table\":null}", cancel));
            cancel.cancel();
            NotebookTools.Result r = listed.get();
            assertThat(r.ok()).isFalse();
            assertThat(r.json()).contains("cancelled");
            assertThat(session.submit(origin, new Command.GetCell(slow)).get().status())
                    .as("it stopped waiting; the cell was not waited out").isEqualTo(CellStatus.RUNNING);

            session.submit(origin, new Command.Interrupt()).get();
            Await.poll("the slow cell to stop", () -> session.submit(origin, new Command.GetCell(slow)).get().status()
                    != CellStatus.RUNNING);
            NotebookTools.Result after = NotebookTools.call(session, origin, "list_tables",
                    "{\"schema\":null,\"table\":null}", new Cancellation());
            assertThat(after.ok()).as(after.json()).isTrue();
            assertThat(after.json()).contains("\"database\":\"DuckDB");
        } finally {
            session.close();
        }
    }
}
