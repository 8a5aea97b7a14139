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

    static int print(RunResult result, PrintWriter out, PrintWriter err, long nanos) {
        Map<String, Integer> counts = new TreeMap<>();
        boolean failed = false;
        for (CellInfo cell : result.cells()) {
            CellPrinter.printOutputs(out, cell);
            counts.merge(cell.status().wireName(), 1, Integer::sum);
            if (cell.status() != CellStatus.OK) {
                failed = true;
                CellPrinter.printError(err, cell);
            }
        }
        StringBuilder summary = new StringBuilder();
        counts.forEach((status, n) -> summary.append(summary.isEmpty() ? "" : ", ").append(n).append(' ').append(status));
        err.printf(Locale.ROOT, "cellar: %d cells: %s (%.2f s)%n", result.cells().size(),
                summary.isEmpty() ? "nothing to run" : summary, nanos / 1e9);
        err.flush();
        return failed ? ExitCode.FAILED : ExitCode.OK;
    }
}
