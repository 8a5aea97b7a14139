package dev.cellar.cli;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a run's events: how long each cell ran (from its {@code running} state to its
 * end), and a progress line per finished cell on stderr ({@code [3/10] k3f9a2 ok 0.12 s}).
 */
final class RunObserver {
    private final PrintWriter err;
    private final boolean quiet;
    private final int total;
    private final long startNanos = System.nanoTime();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Long> durations = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private int done;

    RunObserver(PrintWriter err, boolean quiet, int total) {
        this.err = err;
        this.quiet = quiet;
        this.total = total;
    }

    void accept(Event e) {
        if (!(e instanceof Event.CellState state)) {
            return;
        }
        CellInfo cell = state.cell();
        if (cell.status() == CellStatus.RUNNING) {
            started.put(cell.id(), System.nanoTime());
        } else if (!cell.status().isPending()) {
            Long t0 = started.remove(cell.id());
            if (t0 != null) {
                long nanos = System.nanoTime() - t0;
                durations.put(cell.id(), nanos / 1_000_000);
                progress(cell, String.format(Locale.ROOT, "%.2f s", nanos / 1e9));
            } else if (cell.status() == CellStatus.BLOCKED) {
                progress(cell, notRun(cell));
            }
        }
    }

    /**
     * Counts the cells of the finished run that never changed state in it: those the daemon
     * refused before running (syntax error, cycle, a name defined twice).
     */
    void finished(List<CellInfo> cells) {
        for (CellInfo cell : cells) {
            if (cell.kind().runs() && !reported.contains(cell.id())) {
                progress(cell, notRun(cell));
            }
        }
    }

    private static String notRun(CellInfo cell) {
        return cell.error() == null ? "not run" : "not run: " + cell.error().summary();
    }

    private synchronized void progress(CellInfo cell, String detail) {
        if (!reported.add(cell.id())) {
            return;
        }
        done++;
        if (!quiet) {
            err.printf(Locale.ROOT, "cellar: [%d/%d] %s %s %s (%.1f s elapsed)%n", Math.min(done, total), total, cell.id(),
                    cell.status().wireName(), detail, elapsedSeconds());
            err.flush();
        }
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Milliseconds the cell ran in this run, or 0 if it did not run. */
    long millis(String cellId) {
        return durations.getOrDefault(cellId, 0L);
    }
}
