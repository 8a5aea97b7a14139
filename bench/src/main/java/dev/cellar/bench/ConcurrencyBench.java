package dev.cellar.bench;

import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The concurrency issue's benchmarks on a 100-cell notebook, over the real socket:
 * durable edit latency for 1 and 8 clients (with group commit), and event fan-out time
 * from an edit to its event at 1, 10 and 50 subscribers.
 */
public final class ConcurrencyBench {
    private static final int CELLS = 100;

    public static void main(String[] args) throws Exception {
        int editsPerClient = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path socket = dir.resolve("cellar.sock");
        try (Daemon daemon = Daemon.start(socket)) {
            Path file = notebook(dir);
            edits(socket, file, 1, editsPerClient * 2);
            edits(socket, file, 8, editsPerClient);
            for (int subscribers : new int[] {1, 10, 50}) {
                fanOut(socket, file, subscribers, 300);
            }
        }
    }

    private static Path notebook(Path dir) throws Exception {
        StringBuilder text = new StringBuilder("# cellar: autorun=false\n\n");
        for (int i = 0; i < CELLS; i++) {
            text.append(i == 0 ? "" : "\n").append("# %% id=c").append(i).append("\nv").append(i).append(" = ")
                    .append(i == 0 ? "0" : "v" + (i - 1) + " + 1").append('\n');
        }
        Path file = dir.resolve("hundred.py");
        Files.writeString(file, text);
        return file;
    }

    /** Each client edits its own cells as fast as acknowledgements come back. */
    static void edits(Path socket, Path file, int clients, int editsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> results = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] wall = new long[1];
        for (int c = 0; c < clients; c++) {
            int me = c;
            results.add(pool.submit(() -> {
                try (CellarClient client = CellarClient.connect(socket, "bench" + me)) {
                    String nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                            NotebookSnapshot.class).notebookId();
                    for (int w = 0; w < 50; w++) { // warm-up
                        edit(client, nb, me, w);
                    }
                    ready.countDown();
                    go.await();
                    long[] t = new long[editsEach];
                    for (int i = 0; i < editsEach; i++) {
                        long start = System.nanoTime();
                        edit(client, nb, me, i);
                        t[i] = System.nanoTime() - start;
                    }
                    return t;
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        wall[0] = System.nanoTime() - start;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        System.out.printf(Locale.ROOT, "durable edit, %d client%s: %s; %.0f edits/s%n", clients, clients == 1 ? " " : "s",
                Stats.ofNanos(merged), merged.length / (wall[0] / 1e9));
    }

    private static void edit(CellarClient client, String nb, int me, int i) throws Exception {
        String cell = "c" + (me * 10 + i % 10);
        client.call(Methods.CELL_UPDATE, new UpdateCellParams(nb, cell, "v" + (me * 10 + i % 10) + " = " + i, null),
                CellResult.class);
    }

    /** Time from sending an edit to the moment the last subscriber has its event. */
    static void fanOut(Path socket, Path file, int subscribers, int rounds) throws Exception {
        List<CellarClient> subs = new ArrayList<>();
        AtomicLong arrived = new AtomicLong();
        CountDownLatch[] all = new CountDownLatch[1];
        try (CellarClient editor = CellarClient.connect(socket, "editor")) {
            String nb = editor.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                    NotebookSnapshot.class).notebookId();
            for (int s = 0; s < subscribers; s++) {
                CellarClient sub = CellarClient.connect(socket, "sub" + s);
                sub.onEvent(e -> {
                    if (e.type() == EventType.CELL_UPDATED) {
                        arrived.incrementAndGet();
                        all[0].countDown();
                    }
                });
                sub.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb, null), Object.class);
                subs.add(sub);
            }
            long[] t = new long[rounds];
            for (int r = -50; r < rounds; r++) { // the first 50 warm up
                all[0] = new CountDownLatch(subscribers);
                long start = System.nanoTime();
                editor.request(Methods.CELL_UPDATE, new UpdateCellParams(nb, "c99", "v99 = " + r, null));
                if (!all[0].await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("events did not arrive");
                }
                if (r >= 0) {
                    t[r] = System.nanoTime() - start;
                }
            }
            System.out.printf("edit → event at all %2d subscribers: %s%n", subscribers, Stats.ofNanos(t));
        } finally {
            subs.forEach(CellarClient::close);
        }
    }
}
