package dev.cellar.bench;

import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.store.DiskVersion;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The shared file (issue 19), on a 100-cell notebook over the real socket: the time from an
 * outside save (an editor's write to a temp file and rename over the notebook) to the
 * {@code cellUpdated} event at a subscribed client; and the cost of the check each save makes
 * first (is the file still what the daemon last wrote: stat, then read and compare).
 */
public final class FileBench {
    private static final int CELLS = 100;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path socket = dir.resolve("cellar.sock");
        Path file = dir.resolve("hundred.py");
        Files.writeString(file, text(0));
        try (Daemon daemon = Daemon.start(socket);
             CellarClient client = CellarClient.connect(socket, "bench")) {
            BlockingQueue<Event> updates = new ArrayBlockingQueue<>(10_000);
            client.onEvent(e -> {
                if (e.type() == EventType.CELL_UPDATED) {
                    updates.add(e);
                }
            });
            NotebookSnapshot nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                    NotebookSnapshot.class);
            client.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
            long[] latency = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                Path temp = dir.resolve(".hundred.py.swp");
                Files.writeString(temp, text(i + 1));
                long start = System.nanoTime();
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Event e = updates.poll(30, TimeUnit.SECONDS);
                if (e == null) {
                    throw new IllegalStateException("no event for outside save " + i);
                }
                latency[i] = System.nanoTime() - start;
            }
            System.out.println("outside save -> cellUpdated at a client: " + Stats.ofNanos(latency));
        }
        // the check before a save, alone: what each acknowledged edit pays for sharing the file
        // on a copy: the daemon may still be writing the notebook back as it closes
        Path copy = Files.copy(file, dir.resolve("check.py"));
        DiskVersion known = DiskVersion.of(copy, Long.MAX_VALUE);
        int checks = rounds * 50;
        long[] cost = new long[checks];
        for (int i = 0; i < checks; i++) {
            long start = System.nanoTime();
            if (!known.isStill(copy)) {
                throw new IllegalStateException("the file changed under the benchmark");
            }
            cost[i] = System.nanoTime() - start;
        }
        System.out.println("pre-save check of a " + Files.size(copy) / 1024 + " KiB notebook: " + Stats.ofNanos(cost));
    }

    /** A 100-cell notebook whose first cell's code is {@code x0 = round}. */
    private static String text(int round) {
        StringBuilder text = new StringBuilder("# cellar: autorun=false\n\n");
        for (int i = 0; i < CELLS; i++) {
            text.append(i == 0 ? "" : "\n").append("# %% id=\"c").append(i).append("\"\nv").append(i).append(" = ")
                    .append(i == 0 ? String.valueOf(round) : "v" + (i - 1) + " + 1").append('\n');
        }
        return text.toString();
    }
}
