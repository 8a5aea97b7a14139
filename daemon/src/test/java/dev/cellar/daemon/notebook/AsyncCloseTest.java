package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.model.CellKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing a busy notebook never makes its caller (a network thread) wait. */
@org.junit.jupiter.api.Timeout(60)
class AsyncCloseTest {
    @TempDir
    Path dir;

    @Test
    void closeAnswersWhenTheBacklogIsDoneAndAReopenSeesEveryEdit() throws Exception {
        Path file = dir.resolve("busy.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        Notebooks notebooks = new Notebooks(TestDaemonParts.services());
        CountDownLatch release = new CountDownLatch(1);
        try {
            NotebookSession session = notebooks.open(file.toString(), false).get(30, TimeUnit.SECONDS);
            session.onLoop(() -> { // a backlog: the loop is busy until released
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            CompletableFuture<CellResult> edit = session.submit(TestNotebook.USER,
                    new Command.CreateCell(CellKind.PYTHON, "queued = 1", null, null, null));

            CompletableFuture<Void> closed = notebooks.close(session.id());
            CompletableFuture<NotebookSession> reopened = notebooks.open(file.toString(), false);
            assertThat(closed).as("close returned at once, before the backlog ran").isNotDone();
            assertThat(reopened).as("the reopen waits for the close").isNotDone();

            release.countDown();
            closed.get(30, TimeUnit.SECONDS);
            String cellId = (edit.get(30, TimeUnit.SECONDS)).cell().id();
            NotebookSession again = reopened.get(30, TimeUnit.SECONDS);
            assertThat(again).isNotSameAs(session);
            assertThat(again.current().cell(cellId)).as("the edit queued before the close").isPresent();
        } finally {
            release.countDown();
            notebooks.close();
        }
    }
}
