package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading costs the daemon a bounded buffer, then gets a resync. */
@org.junit.jupiter.api.Timeout(120)
class SlowSubscriberTest {
    @TempDir
    Path dir;

    @Test
    void aSubscriberThatStopsReadingIsToldToResyncInsteadOfBufferedWithoutBound() throws Exception {
        Path socket = dir.resolve("cellar.sock");
        Path file = dir.resolve("slow.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        int edits = 300;
        String padding = "#" + "p".repeat(64 * 1024);
        try (Daemon daemon = Daemon.start(socket);
             CellarClient fast = CellarClient.connect(socket, "fast");
             LineClient slow = new LineClient(socket)) {
            NotebookSnapshot nb = fast.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false), NotebookSnapshot.class);
            slow.call("{\"jsonrpc\":\"2.0\",\"method\":\"notebook.subscribe\",\"params\":{\"notebookId\":\""
                    + nb.notebookId() + "\"},\"id\":1}");
            // from here on the slow client reads nothing while ~20 MB of events are produced
            String cell = fast.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), CellKind.PYTHON,
                    padding, null, null, null), CellResult.class).cell().id();
            for (int i = 0; i < edits; i++) {
                fast.call(Methods.CELL_UPDATE, new UpdateCellParams(nb.notebookId(), cell, padding + "\nv = " + i, null),
                        CellResult.class);
            }
            long produced = (long) edits * padding.length();

            long read = 0;
            JsonNode resync = null;
            long lastSeqBefore = 0;
            while (resync == null) {
                JsonNode msg = slow.read();
                read += msg.toString().length();
                if ("resync".equals(msg.at("/params/type").asText())) {
                    resync = msg;
                } else {
                    lastSeqBefore = msg.at("/params/seq").asLong();
                }
            }
            assertThat(read).as("bytes buffered for the slow client").isLessThan(produced / 4);
            assertThat(resync.at("/params/seq").asLong()).as("resync names the last event it was sent")
                    .isEqualTo(lastSeqBefore);

            // caught up: it gets new events again, and can fetch the state it missed
            fast.call(Methods.CELL_UPDATE, new UpdateCellParams(nb.notebookId(), cell, "v = 'after'", null), CellResult.class);
            JsonNode next = slow.read();
            assertThat(next.at("/params/type").asText()).isEqualTo("cellUpdated");
            assertThat(next.at("/params/cell/code").asText()).isEqualTo("v = 'after'");
        }
    }
}
