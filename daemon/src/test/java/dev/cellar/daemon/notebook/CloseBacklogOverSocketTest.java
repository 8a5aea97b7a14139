package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.DaemonInfo;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over the real socket: closing a notebook whose loop is busy leaves both network threads free. */
@org.junit.jupiter.api.Timeout(120)
class CloseBacklogOverSocketTest {
    @TempDir
    Path dir;

    @Test
    void whileACloseWaitsForItsBacklogNewClientsAreAnswered() throws Exception {
        Path socket = dir.resolve("cellar.sock");
        Path file = dir.resolve("busy.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        CountDownLatch release = new CountDownLatch(1);
        try (Daemon daemon = Daemon.start(socket); CellarClient closer = CellarClient.connect(socket, "closer")) {
            NotebookSnapshot nb = closer.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                    NotebookSnapshot.class);
            daemon.notebooks().get(nb.notebookId()).onLoop(() -> { // the backlog
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            CompletableFuture<JsonNode> closed = closer.request(Methods.NOTEBOOK_CLOSE, new NotebookParams(nb.notebookId()));

            List<CellarClient> others = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) { // spread over both network threads
                    CellarClient c = CellarClient.connect(socket, "other" + i);
                    others.add(c);
                    assertThat(c.request(Methods.DAEMON_INFO, null).get(10, TimeUnit.SECONDS).has("pid")).isTrue();
                }
            } finally {
                for (CellarClient c : others) {
                    c.close();
                }
            }
            assertThat(closed).as("the close answers only once the notebook has closed").isNotDone();

            release.countDown();
            closed.get(30, TimeUnit.SECONDS);
            assertThat(closer.call(Methods.DAEMON_INFO, null, DaemonInfo.class).notebooks()).isEmpty();
        } finally {
            release.countDown();
        }
    }
}
