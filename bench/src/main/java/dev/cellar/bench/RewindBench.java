package dev.cellar.bench;

import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.RewindParams;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewind of a 20-cell turn: a turn changes the code of 20 cells of a 50-cell notebook
 * (checkpointed as it goes), then {@code chat.rewind} over the socket undoes it. Timed
 * from the request to its answer: the plan, re-analysis of 20 cells, one durable write,
 * the events. Autorun is off, so no run is in the number.
 */
public final class RewindBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path socket = dir.resolve("cellar.sock");
        Files.writeString(dir.resolve("rewind.py"), "# cellar: autorun=false\n");
        try (Daemon daemon = Daemon.start(socket); CellarClient client = CellarClient.connect(socket, "bench")) {
            NotebookSnapshot nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(dir.resolve("rewind.py").toString(), false),
                    NotebookSnapshot.class);
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                cells.add(client.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), CellKind.PYTHON,
                        "v" + i + " = " + i, null, null, null), CellResult.class).cell().id());
            }
            NotebookSession session = daemon.notebooks().get(nb.notebookId());
            long[] t = new long[n];
            for (int i = -5; i < n; i++) {
                String turn = session.submit(new Origin("assistant", null), new Command.BeginTurn("assistant", "bench"))
                        .get();
                Origin origin = new Origin("assistant", null, turn);
                List<java.util.concurrent.CompletableFuture<dev.cellar.protocol.method.CellResult>> edits = new ArrayList<>();
                for (int c = 0; c < 20; c++) {
                    edits.add(session.submit(origin, new Command.UpdateCell(cells.get(c), "v" + c + " = " + c + " * 2", null)));
                }
                for (var e : edits) {
                    e.get();
                }
                long start = System.nanoTime();
                RewindResult r = client.call(Methods.CHAT_REWIND, new RewindParams(nb.notebookId(), turn), RewindResult.class);
                long elapsed = System.nanoTime() - start;
                if (r.changed().size() != 20) {
                    throw new IllegalStateException("the rewind changed " + r.changed().size() + " cells, not 20");
                }
                if (i >= 0) {
                    t[i] = elapsed;
                }
            }
            System.out.printf("rewind of a 20-cell turn  %s%n", Stats.ofNanos(t));
        }
    }
}
