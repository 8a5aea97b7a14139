package dev.cellar.bench;

import dev.cellar.cli.CellarMain;
import dev.cellar.cli.ImportBenchAccess;
import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.FixResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code cellar import} of a 200-cell Jupyter notebook written the Jupyter way (fig/ax in every
 * plotting cell, x reused, imports repeated, loops adding to a total), against a daemon in this
 * JVM: read, 200 cell creations, the rewrite (rewrite.py on the analysis worker, one edit) and the
 * check of what is left. Warm rounds, each into a new file; the median is the number. Then the
 * same cells sent as import sent them before {@code cell.createMany} (one request per cell), for
 * the before/after in one run.
 */
public final class ImportBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int cells = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path ipynb = Files.writeString(dir.resolve("big.ipynb"), notebook(cells), StandardCharsets.UTF_8);
        Path socket = dir.resolve("cellar.sock");
        try (Daemon daemon = Daemon.start(socket)) {
            long[] t = new long[rounds];
            for (int i = -2; i < rounds; i++) {
                Path out = dir.resolve("big" + (i + 2) + ".py");
                StringWriter o = new StringWriter();
                StringWriter e = new StringWriter();
                long start = System.nanoTime();
                int exit = CellarMain.execute(new String[] {"import", "--socket=" + socket, ipynb.toString(), "-o", out.toString()},
                        new PrintWriter(o), new PrintWriter(e));
                long elapsed = System.nanoTime() - start;
                if (exit != 0) {
                    throw new IllegalStateException("import failed (" + exit + "): " + e);
                }
                if (i >= 0) {
                    t[i] = elapsed;
                }
                if (i == rounds - 1) {
                    System.out.printf("changes reported: %d lines%n", o.toString().lines().count() - 1);
                }
            }
            System.out.printf("import of a %d-cell notebook  %s%n", cells, Stats.ofNanos(t));
            long[] before = new long[rounds];
            for (int i = -2; i < rounds; i++) {
                long elapsed = oneRequestPerCell(socket, ipynb, dir.resolve("one" + (i + 2) + ".py"));
                if (i >= 0) {
                    before[i] = elapsed;
                }
            }
            System.out.printf("the same, one cell.create per cell (import before cell.createMany)  %s%n",
                    Stats.ofNanos(before));
        }
    }

    /**
     * What import did before {@code cell.createMany}, step by step: open, one {@code cell.create}
     * per cell, waiting for each answer, then {@code notebook.fix} and a snapshot. The cells are
     * those import sends (IPython syntax made Python); reading the .ipynb is left out of the clock.
     */
    private static long oneRequestPerCell(Path socket, Path ipynb, Path out) throws Exception {
        var cells = ImportBenchAccess.cells(ipynb);
        try (CellarClient client = CellarClient.connect(socket, "bench")) {
            long start = System.nanoTime();
            NotebookSnapshot nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(out.toString(), true), NotebookSnapshot.class);
            for (var c : cells) {
                client.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), c.kind(), c.code(), null, null, c.out(),
                        false, c.tags()), CellResult.class);
            }
            client.call(Methods.NOTEBOOK_FIX, new NotebookParams(nb.notebookId()), FixResult.class);
            Snapshots.get(client, nb.notebookId());
            long elapsed = System.nanoTime() - start;
            client.call(Methods.NOTEBOOK_CLOSE, new NotebookParams(nb.notebookId()), Object.class);
            return elapsed;
        }
    }

    private static String notebook(int n) {
        StringBuilder cells = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String code = switch (i % 5) {
                case 0 -> "import numpy as np\nimport matplotlib.pyplot as plt\nx = np.arange(" + i + ")";
                case 1 -> "fig, ax = plt.subplots()  # plot " + i + "\nax.plot(x)";
                case 2 -> "total = 0\nfor i in range(len(x)):\n    total += x[i]";
                case 3 -> "x = x * 2\nprint(total, x[:3])";
                default -> "y = total + " + i + "\ny += 1\nprint(y)";
            };
            cells.append(cells.isEmpty() ? "" : ",\n").append("{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], ")
                    .append("\"execution_count\": null, \"source\": ")
                    .append('"').append(code.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"}");
        }
        return "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [\n" + cells + "]}\n";
    }
}
