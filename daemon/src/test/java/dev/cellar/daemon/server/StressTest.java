package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.model.Settings;
import dev.cellar.daemon.store.PercentFormat;
import dev.cellar.daemon.store.StoredCell;
import dev.cellar.daemon.store.StoredNotebook;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.DeleteCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.MoveCellParams;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.RevisionResult;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight clients over real sockets make thousands of interleaved creates, edits (with and
 * without the version they last saw), moves, deletes and runs on one notebook. Then:
 * every client saw the same gap-free event sequence, the acknowledged revisions are
 * exactly 1..n, the file equals a replay of the acknowledged history, and every refused
 * edit was refused for a real conflict.
 */
@Timeout(300)
class StressTest {
    private static final int CLIENTS = 8;
    private static final int OPS_PER_CLIENT = 300;

    @TempDir
    Path dir;

    /** One acknowledged mutation, as the client that made it knows it. */
    sealed interface Acked {
        long revision();
    }

    record Created(long revision, String cellId, String code) implements Acked { }

    record Updated(long revision, String cellId, String code, Long expectedVersion, long newVersion) implements Acked { }

    record Deleted(long revision, String cellId) implements Acked { }

    record Moved(long revision, String cellId, int index) implements Acked { }

    record Conflict(String cellId, long expected, long actual) { }

    @Test
    void eightClientsEditingAtOnceAgreeOnEveryEventAndTheFileMatchesTheAcknowledgedHistory() throws Exception {
        Path socket = dir.resolve("cellar.sock");
        Path file = dir.resolve("stress.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        List<Acked> acked = new CopyOnWriteArrayList<>();
        List<Conflict> conflicts = new CopyOnWriteArrayList<>();
        List<List<Event>> seen = new ArrayList<>();
        try (Daemon daemon = Daemon.start(socket)) {
            List<CellarClient> clients = new ArrayList<>();
            String notebookId = null;
            for (int c = 0; c < CLIENTS; c++) {
                CellarClient client = CellarClient.connect(socket, "client" + c);
                List<Event> events = Collections.synchronizedList(new ArrayList<>());
                client.onEvent(events::add);
                notebookId = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                        NotebookSnapshot.class).notebookId();
                client.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(notebookId, null), Object.class);
                clients.add(client);
                seen.add(events);
            }
            String nb = notebookId;
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                CellarClient client = clients.get(c);
                int seed = c;
                work.add(pool.submit(() -> {
                    drive(client, nb, new Random(seed), seed, acked, conflicts);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();

            NotebookSnapshot end = clients.getFirst().call(Methods.NOTEBOOK_GET, new NotebookParams(nb), NotebookSnapshot.class);
            for (List<Event> events : seen) {
                Await.poll("every event up to the last", () -> !events.isEmpty() && events.getLast().seq() >= end.seq());
            }
            clients.forEach(CellarClient::close);

            // every client saw the same events, gap-free
            List<String> reference = describe(seen.getFirst());
            for (int i = 0; i < reference.size(); i++) {
                assertThat(seen.getFirst().get(i).seq()).isEqualTo(seen.getFirst().getFirst().seq() + i);
            }
            for (List<Event> events : seen) {
                assertThat(describe(events)).isEqualTo(reference);
            }

            // the acknowledged revisions are exactly 1..n, and replaying them gives the file
            List<Acked> history = new ArrayList<>(acked);
            history.sort((a, b) -> Long.compare(a.revision(), b.revision()));
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).revision()).isEqualTo(i + 1);
            }
            assertThat(history.size()).as("acknowledged mutations").isGreaterThan(CLIENTS * OPS_PER_CLIENT / 2);
            assertThat(end.revision()).isEqualTo(history.size());
            assertThat(Files.readString(file)).isEqualTo(replay(history));
            assertThat(end.cells()).extracting(CellInfo::code)
                    .containsExactlyElementsOf(PercentFormat.parse(replay(history)).cells().stream().map(StoredCell::code).toList());

            // each refused edit met a newer version; each versioned edit that went through met the version it named
            assertThat(conflicts).isNotEmpty().allSatisfy(k -> assertThat(k.actual()).isNotEqualTo(k.expected()));
            Map<String, Long> versions = new ConcurrentHashMap<>();
            for (Acked a : history) {
                switch (a) {
                    case Created cr -> versions.put(cr.cellId(), 1L);
                    case Updated u -> {
                        if (u.expectedVersion() != null) {
                            assertThat(versions.get(u.cellId())).as("version before %s", u).isEqualTo(u.expectedVersion());
                        }
                        assertThat(u.newVersion()).isEqualTo(versions.get(u.cellId()) + 1);
                        versions.put(u.cellId(), u.newVersion());
                    }
                    case Deleted d -> versions.remove(d.cellId());
                    case Moved m -> { }
                }
            }
        }
    }

    private static void drive(CellarClient client, String nb, Random random, int me, List<Acked> acked,
                              List<Conflict> conflicts) throws Exception {
        for (int op = 0; op < OPS_PER_CLIENT; op++) {
            // the view is read fresh each time; other clients change it before the op lands, hence conflicts
            List<CellInfo> cells = client.call(Methods.NOTEBOOK_GET, new NotebookParams(nb), NotebookSnapshot.class).cells();
            int choice = cells.size() < 4 ? 0 : random.nextInt(10);
            long attempted = -1;
            try {
                if (choice <= 2) {
                    String code = "c" + me + "_" + op + " = " + op;
                    CellResult r = client.call(Methods.CELL_CREATE,
                            new CreateCellParams(nb, CellKind.PYTHON, code, null, null, null), CellResult.class);
                    acked.add(new Created(r.revision(), r.cell().id(), code));
                } else if (choice <= 6) {
                    CellInfo target = cells.get(random.nextInt(cells.size()));
                    Long expected = random.nextBoolean() ? target.version() : null;
                    attempted = expected == null ? -1 : expected;
                    String code = "e" + me + "_" + op + " = " + op;
                    CellResult r = client.call(Methods.CELL_UPDATE,
                            new UpdateCellParams(nb, target.id(), code, expected), CellResult.class);
                    acked.add(new Updated(r.revision(), target.id(), code, expected, r.cell().version()));
                } else if (choice == 7) {
                    CellInfo target = cells.get(random.nextInt(cells.size()));
                    attempted = target.version();
                    RevisionResult r = client.call(Methods.CELL_DELETE,
                            new DeleteCellParams(nb, target.id(), target.version()), RevisionResult.class);
                    acked.add(new Deleted(r.revision(), target.id()));
                } else if (choice == 8) {
                    CellInfo target = cells.get(random.nextInt(cells.size()));
                    int index = random.nextInt(cells.size());
                    RevisionResult r = client.call(Methods.CELL_MOVE, new MoveCellParams(nb, target.id(), index),
                            RevisionResult.class);
                    acked.add(new Moved(r.revision(), target.id(), index));
                } else {
                    CellInfo target = cells.get(random.nextInt(cells.size()));
                    client.call(Methods.CELL_RUN, new RunCellsParams(nb, List.of(target.id()), false), RunResult.class);
                }
            } catch (RpcException e) {
                if (e.errorCode() == ErrorCode.CONFLICT) {
                    CellInfo current = dev.cellar.protocol.rpc.Json.convert(e.data().get("cell"), CellInfo.class);
                    assertThat(attempted).as("a conflict only for an op that named a version").isNotNegative();
                    conflicts.add(new Conflict(current.id(), attempted, current.version()));
                    continue;
                }
                // another client deleted the cell, or a move now names a position past the end
                assertThat(e.errorCode()).as(e.getMessage()).isIn(ErrorCode.CELL_NOT_FOUND, ErrorCode.INVALID_PARAMS);
            }
        }
    }

    private static List<String> describe(List<Event> events) {
        synchronized (events) {
            // clients attach one after another, so each saw the presence of those after it only: the rest must agree
            return events.stream().filter(e -> e.type() != EventType.PRESENCE)
                    .map(e -> e.seq() + " " + e.type().wireName() + " " + e.cellId()
                    + (e.type() == EventType.CELL_UPDATED ? " v" + ((Event.WithCell) e).cell().version() : "")).toList();
        }
    }

    private static String replay(List<Acked> history) {
        List<StoredCell> cells = new ArrayList<>();
        for (Acked a : history) {
            switch (a) {
                case Created c -> cells.add(new StoredCell(c.cellId(), CellKind.PYTHON, c.code(), null, ""));
                case Updated u -> {
                    int i = indexOf(cells, u.cellId());
                    cells.set(i, new StoredCell(u.cellId(), CellKind.PYTHON, u.code(), null, ""));
                }
                case Deleted d -> cells.remove(indexOf(cells, d.cellId()));
                case Moved m -> cells.add(m.index(), cells.remove(indexOf(cells, m.cellId())));
            }
        }
        return PercentFormat.format(new StoredNotebook("# cellar: autorun=false\n", Settings.DEFAULTS, cells));
    }

    private static int indexOf(List<StoredCell> cells, String id) {
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("replay: no cell " + id);
    }
}
