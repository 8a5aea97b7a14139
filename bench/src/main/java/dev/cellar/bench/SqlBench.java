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
 * and the daemon's heap after a full GC, with the result held and without; and an SQL cell
 * over a 1,000,000 × 3 DataFrame in the kernel, against pandas (and DuckDB's Python API).
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
            overDataFrame(client, nb, rounds);
            serverQuery(client, dir, Math.min(rounds, 5));
            System.out.println("Python: " + client.call(Methods.NOTEBOOK_GET, new dev.cellar.protocol.method.NotebookParams(nb),
                    NotebookSnapshot.class).kernel().description());
            System.out.printf(Locale.ROOT, "daemon heap after GC: %.0f MiB before, %.0f MiB holding the 1M-row result "
                    + "(+%.0f MiB); max heap %.0f MiB%n", baseline / 1048576.0, held / 1048576.0,
                    (held - baseline) / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        }
    }

    /**
     * {@code SELECT … FROM df} over a 1,000,000 × 3 pandas DataFrame in the kernel (issue 22):
     * the SQL cell (the columns cross to the daemon and into DuckDB, then the aggregate), against
     * the same aggregate by DuckDB's Python API in the kernel where the duckdb module imports,
     * and by pandas itself; each as a cell run, so all of them carry the same round trip.
     */
    private static void overDataFrame(CellarClient client, String nb, int rounds) throws Exception {
        String make = cell(client, nb, CellKind.PYTHON, """
                import importlib.util as _iu
                if _iu.find_spec('pandas'):
                    import numpy as np, pandas as pd
                    rng = np.random.default_rng(1)
                    df = pd.DataFrame({'k': rng.integers(0, 1000, 1_000_000), 'x': rng.random(1_000_000),
                                       'y': rng.random(1_000_000)})
                [m for m in ('pandas', 'duckdb') if _iu.find_spec(m)]""", null);
        client.call(Methods.CELL_RUN, new RunCellsParams(nb, List.of(make), true), RunResult.class);
        var made = client.call(Methods.NOTEBOOK_GET, new dev.cellar.protocol.method.NotebookParams(nb),
                NotebookSnapshot.class).cell(make);
        String has = made.outputs() + " " + made.error(); // "no pandas" says why when the cell failed
        if (!has.contains("pandas")) {
            System.out.println("SELECT … FROM df: skipped, the kernel's Python has no pandas: " + has);
            return;
        }
        String query = "SELECT k, SUM(x) AS sx, AVG(y) AS ay FROM df GROUP BY k";
        String sql = cell(client, nb, CellKind.SQL, query, null);
        time(client, nb, sql, rounds, "SQL cell: FROM df, a 1M × 3 DataFrame, 1,000 groups");
        String viaPandas = cell(client, nb, CellKind.PYTHON,
                "len(df.groupby('k').agg(sx=('x', 'sum'), ay=('y', 'mean')))", null);
        time(client, nb, viaPandas, rounds, "the same aggregate by pandas in a Python cell");
        if (has.contains("duckdb")) {
            String viaDuckDb = cell(client, nb, CellKind.PYTHON, "import duckdb\nlen(duckdb.sql('" + query + "').fetchall())",
                    null);
            time(client, nb, viaDuckDb, rounds, "the same query by DuckDB's Python API in a cell");
        } else {
            System.out.println("DuckDB's Python API: not measured, the kernel's Python has no duckdb module");
        }
        String empty = cell(client, nb, CellKind.PYTHON, "None", null);
        time(client, nb, empty, rounds, "an empty Python cell (the round trip in each above)");
    }

    /**
     * A 1,000,000-row result from PostgreSQL on 127.0.0.1:5432 (CELLAR_BENCH_PG_URL overrides):
     * the SQL cell's run against {@code psql}'s {@code \copy} of the same query to /dev/null. The
     * cell reads the whole result before it shows anything, so its first row comes with its last.
     */
    private static void serverQuery(CellarClient client, Path dir, int rounds) throws Exception {
        String url = System.getenv().getOrDefault("CELLAR_BENCH_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String query = "SELECT g AS i, g * 2 AS j, 'row ' || g AS label FROM generate_series(1, 1000000) AS g";
        Path file = dir.resolve("server.py");
        Files.writeString(file, "# cellar: autorun=false sql=" + url + "\n");
        String nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false), NotebookSnapshot.class)
                .notebookId();
        String probe = cell(client, nb, CellKind.SQL, "SELECT 1", null);
        RunResult reached = client.call(Methods.CELL_RUN, new RunCellsParams(nb, List.of(probe), true), RunResult.class);
        if (reached.cells().getFirst().status() != CellStatus.OK) {
            System.out.println("PostgreSQL 1M rows: skipped, no server at " + url + ": " + reached.cells().getFirst().error());
            return;
        }
        String big = cell(client, nb, CellKind.SQL, query, "server_rows");
        time(client, nb, big, rounds, "PostgreSQL: SQL cell, 1,000,000 rows x 3 (whole = first)");
        long[] t = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("psql", "-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres",
                    "-c", "\\copy (" + query + ") TO '/dev/null'").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                System.out.println("psql \\copy: not measured: " + out.strip());
                return;
            }
            t[r] = System.nanoTime() - start;
        }
        System.out.printf("%-56s %s%n", "PostgreSQL: psql \\copy of the same to /dev/null:", Stats.ofNanos(t));
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
        System.out.printf("%-56s %s%n", what + ":", Stats.ofNanos(t));
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
