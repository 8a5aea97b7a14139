package dev.cellar.bench;

import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The SQL issue's benchmark: a 1,000,000-row aggregate in an SQL cell, a 1,000,000-row
 * result, and that result consumed by Python cells; run time (median of repeated runs)
 * and the daemon's heap after a full GC, with the result held and without.
 */
public final class SqlBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path socket = dir.resolve("cellar.sock");
        Files.writeString(dir.resolve("sql.py"), "# cellar: autorun=false\n");
        try (Daemon daemon = Daemon.start(socket); CellarClient client = CellarClient.connect(socket, "bench")) {
            String nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(dir.resolve("sql.py").toString(), false),
                    NotebookSnapshot.class).notebookId();
            long baseline = heapAfterGc();
            String agg = cell(client, nb, CellKind.SQL, "SELECT range % 1000 AS k, SUM(range) AS s, AVG(range) AS a\n"
                    + "FROM range(1000000) GROUP BY k", "agg");
            String rows = cell(client, nb, CellKind.SQL, "SELECT range AS i, range * 2 AS j, 'row ' || range AS label\n"
                    + "FROM range(1000000)", "big");
            time(client, nb, agg, rounds, "SQL aggregate over 1,000,000 rows (1,000 groups)");
            time(client, nb, rows, rounds, "SQL cell returning 1,000,000 rows × 3 columns");
            long held = heapAfterGc();
            // created only now: a run of the SQL cell above would otherwise re-run them too
            String sumColumn = cell(client, nb, CellKind.PYTHON, "sum(big['i'])", null);
            String iterate = cell(client, nb, CellKind.PYTHON, "sum(r['j'] for r in big)", null);
            time(client, nb, sumColumn, rounds, "Python: sum(big['i']) over 1,000,000 rows");
            time(client, nb, iterate, 3, "Python: sum(r['j'] for r in big), rows as dicts");
            String frame = cell(client, nb, CellKind.PYTHON, "import importlib.util\n"
                    + "len(big.df()) if importlib.util.find_spec('pandas') else 'no pandas'", null);
            time(client, nb, frame, rounds, "Python: big.df(), a pandas DataFrame (1M × 3)");
            System.out.println("Python: " + client.call(Methods.NOTEBOOK_GET, new dev.cellar.protocol.method.NotebookParams(nb),
                    NotebookSnapshot.class).kernel().description());
            System.out.printf(Locale.ROOT, "daemon heap after GC: %.0f MiB before, %.0f MiB holding the 1M-row result "
                    + "(+%.0f MiB); max heap %.0f MiB%n", baseline / 1048576.0, held / 1048576.0,
                    (held - baseline) / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        }
    }

    private static void time(CellarClient client, String nb, String cell, int rounds, String what) throws Exception {
        long[] t = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            RunResult result = client.call(Methods.CELL_RUN, new RunCellsParams(nb, List.of(cell), true), RunResult.class);
            t[r] = System.nanoTime() - start;
            if (result.cells().stream().anyMatch(c -> c.status() != CellStatus.OK)) {
                throw new IllegalStateException(what + " failed: " + result.cells());
            }
        }
        System.out.printf("%-52s %s%n", what + ":", Stats.ofNanos(t));
    }

    private static String cell(CellarClient client, String nb, CellKind kind, String code, String out) throws Exception {
        return client.call(Methods.CELL_CREATE, new CreateCellParams(nb, kind, code, null, null, out), CellResult.class)
                .cell().id();
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
