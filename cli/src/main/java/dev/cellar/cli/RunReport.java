package dev.cellar.cli;

import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The end of a run in a terminal: outputs on stdout, failures and a one-line summary on stderr. */
final class RunReport {
    private RunReport() {
    }

    /** {@code colour}: outputs keep their colours (SGR only, see {@link CellPrinter#shown}). */
    static int print(RunResult result, PrintWriter out, PrintWriter err, long nanos, boolean colour) {
        printOutputsAndErrors(result, out, err, colour);
        err.println("cellar: " + summary(result.cells(), nanos / 1e9));
        err.flush();
        return exitCode(result);
    }

    static void printOutputsAndErrors(RunResult result, PrintWriter out, PrintWriter err, boolean colour) {
        for (CellInfo cell : result.cells()) {
            CellPrinter.printOutputs(out, cell, colour);
            if (cell.status() != CellStatus.OK) {
                CellPrinter.printError(err, cell);
            }
        }
        err.flush();
    }

    static int exitCode(RunResult result) {
        return result.cells().stream().allMatch(c -> c.status() == CellStatus.OK) ? ExitCode.OK : ExitCode.FAILED;
    }

    /** {@code 4 cells: 1 error, 3 ok (0.07 s)} (markdown cells do not count). */
    static String summary(java.util.List<CellInfo> cells, double seconds) {
        Map<String, Integer> counts = new TreeMap<>();
        int n = 0;
        for (CellInfo cell : cells) {
            if (cell.kind().runs()) {
                counts.merge(cell.status().wireName(), 1, Integer::sum);
                n++;
            }
        }
        StringBuilder summary = new StringBuilder();
        counts.forEach((status, k) -> summary.append(summary.isEmpty() ? "" : ", ").append(k).append(' ').append(status));
        return String.format(Locale.ROOT, "%s: %s (%.2f s)", Plural.of(n, "cell"), summary.isEmpty() ? "nothing to run" : summary, seconds);
    }
}
