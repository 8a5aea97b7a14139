package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that sends requests and does not read the answers costs the daemon a bounded buffer. */
@org.junit.jupiter.api.Timeout(180)
class UnreadAnswersTest {
    @TempDir
    Path dir;

    /** Heap and direct memory: Netty copies answers into direct buffers, which the heap does not show. */
    private static long usedMemory() throws Exception {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long direct = java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
        return rt.totalMemory() - rt.freeMemory() + direct + Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
    }

    @Test
    void requestsWaitWhileTheirClientDoesNotReadItsAnswers() throws Exception {
        Path socket = dir.resolve("cellar.sock");
        Path file = dir.resolve("big.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        int requests = 400;
        try (Daemon daemon = Daemon.start(socket);
             CellarClient other = CellarClient.connect(socket, "other");
             LineClient greedy = new LineClient(socket)) {
            NotebookSnapshot nb = other.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                    NotebookSnapshot.class);
            for (int i = 0; i < 2; i++) { // a 2 MB notebook
                other.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), CellKind.PYTHON,
                        "#" + "p".repeat(1_000_000), null, null, null), Object.class);
            }
            long before = usedMemory();
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= requests; i++) {
                burst.append("{\"jsonrpc\":\"2.0\",\"method\":\"notebook.get\",\"params\":{\"notebookId\":\"")
                        .append(nb.notebookId()).append("\"},\"id\":").append(i).append("}\n");
            }
            greedy.send(burst.substring(0, burst.length() - 1));
            // its first answer shows the daemon has read the burst (the rest of it was read in the same go)
            assertThat(greedy.readAnswer().path("id").asInt()).isEqualTo(1);

            // the notebook's loop handles commands in order: once this answer is back, every
            // request of the greedy client that the daemon accepted has been answered
            other.call(Methods.NOTEBOOK_GET, new NotebookParams(nb.notebookId()), NotebookSnapshot.class);
            long grown = usedMemory() - before;
            System.out.printf("memory held for %d unread 2 MB answers: %d MB%n", requests, grown >> 20);
            assertThat(grown).as("bytes held for the client that does not read").isLessThan(200L << 20);

            // once it reads, it gets every answer, in order
            for (int i = 2; i <= requests; i++) {
                var answer = greedy.readAnswer();
                assertThat(answer.path("id").asInt()).isEqualTo(i);
                assertThat(answer.at("/result/cells").size()).isEqualTo(2);
            }
        }
    }
}
