package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.store.PercentFormat;
import dev.cellar.daemon.store.StoredCell;
import dev.cellar.daemon.store.StoredNotebook;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon process is killed with SIGKILL at a random moment while clients make
 * acknowledged edits, round after round. After each kill the file parses, and every cell
 * holds its last acknowledged code (or the one edit still in flight, which may have
 * become durable before its acknowledgement was sent).
 */
@Timeout(600)
class CrashTest {
    private static final int ROUNDS = 6;
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    /** Per cell: the last code acknowledged, and the code sent but not (yet) acknowledged. */
    record CellLog(String acked, String inFlight) { }

    @Test
    void everyAcknowledgedEditSurvivesAKillMinus9AtAnyMoment() throws Exception {
        Path socket = dir.resolve("run").resolve("cellar.sock");
        Path file = dir.resolve("crash.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        Random random = new Random(42);
        Map<String, CellLog> log = new ConcurrentHashMap<>();
        List<String> cellIds = new ArrayList<>();
        int round = 0;
        for (int attempt = 0; round < ROUNDS; attempt++) {
            assertThat(attempt).as("kill rounds tried; a round killed before any acknowledgement is tried again")
                    .isLessThan(ROUNDS * 5);
            AtomicInteger acks = new AtomicInteger();
            Process daemon = DaemonProcess.start(socket, Map.of());
            try {
                String nb;
                try (CellarClient setup = CellarClient.connect(socket, "setup")) {
                    nb = setup.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false), NotebookSnapshot.class)
                            .notebookId();
                    while (cellIds.size() < WRITERS) {
                        String code = "w" + cellIds.size() + " = 0";
                        String id = setup.call(Methods.CELL_CREATE, new CreateCellParams(nb, CellKind.PYTHON, code, null,
                                null, null), CellResult.class).cell().id();
                        cellIds.add(id);
                        log.put(id, new CellLog(code, null));
                    }
                }
                ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
                List<Future<?>> work = new ArrayList<>();
                int thisAttempt = attempt;
                for (int w = 0; w < WRITERS; w++) {
                    String cell = cellIds.get(w);
                    int writer = w;
                    work.add(writers.submit(() -> edit(socket, nb, cell, thisAttempt, writer, log, acks)));
                }
                Thread.sleep(200 + random.nextInt(1500));
                daemon.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, nothing
                assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
                for (Future<?> f : work) {
                    f.get(60, TimeUnit.SECONDS);
                }
                writers.shutdown();
            } finally {
                daemon.destroyForcibly();
            }

            StoredNotebook onDisk = PercentFormat.parse(Files.readString(file));
            String thisAttemptsMark = " = " + attempt + "_";
            if (acks.get() > 0) {
                // an acknowledged edit is durable, so this attempt's mark must be in the file
                assertThat(onDisk.cells()).as("round %d made edits before the kill", round)
                        .anyMatch(c -> c.code().contains(thisAttemptsMark));
            }
            assertThat(onDisk.cells()).extracting(StoredCell::id).containsExactlyElementsOf(cellIds);
            for (StoredCell cell : onDisk.cells()) {
                CellLog expected = log.get(cell.id());
                assertThat(cell.code()).as("round %d, cell %s", round, cell.id())
                        .isIn(expected.acked(), expected.inFlight());
                log.put(cell.id(), new CellLog(cell.code(), null)); // what the next round starts from
            }
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList())
                        .as("a temp file left by a kill is harmless but must not be the notebook").allMatch(n -> n.startsWith("."));
            }
            if (acks.get() > 0) {
                round++; // else the machine was too slow to acknowledge anything before this kill: not a round
            }
        }
    }

    /** Edits one cell over and over, each waiting for its acknowledgement, until the daemon dies. */
    private static Void edit(Path socket, String nb, String cell, int attempt, int writer, Map<String, CellLog> log,
                             AtomicInteger acks) {
        try (CellarClient client = CellarClient.connect(socket, "writer" + writer)) {
            for (int n = 0; ; n++) {
                String code = "w" + writer + " = " + attempt + "_" + n;
                log.put(cell, new CellLog(log.get(cell).acked(), code));
                client.call(Methods.CELL_UPDATE, new UpdateCellParams(nb, cell, code, null), CellResult.class);
                log.put(cell, new CellLog(code, null));
                acks.incrementAndGet();
            }
        } catch (IOException | RuntimeException killed) {
            return null; // the daemon is gone: what was acknowledged must be on disk
        }
    }
}
