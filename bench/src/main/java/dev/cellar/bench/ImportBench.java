package dev.cellar.bench;

import dev.cellar.cli.CellarMain;
import dev.cellar.daemon.Daemon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code cellar import} of a 200-cell Jupyter notebook written the Jupyter way (fig/ax in every
 * plotting cell, x reused, imports repeated, loops adding to a total), against a daemon in this
 * JVM: read, 200 cell creations, the rewrite (rewrite.py on the analysis worker, one edit) and the
 * check of what is left. Warm rounds, each into a new file; the median is the number.
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
