package dev.cellar.bench;

import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.kernel.graalpy.GraalPyKernel;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.RunAllParams;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The foundation issue's benchmarks, against a real daemon over its real socket:
 * run round trip of {@code x = 1}, a 100-cell chain re-run (with the kernel's own time
 * measured alone, side by side, to isolate the scheduler's overhead), and opening and
 * editing a 1,000-cell notebook.
 */
public final class FoundationBench {

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path socket = dir.resolve("cellar.sock");
        try (Daemon daemon = Daemon.start(socket);
             CellarClient client = CellarClient.connect(socket, "bench")) {
            runRoundTrip(client, dir, roundTrips);
            chain(client, dir, 100);
            bigNotebook(client, dir, 1000);
            interruptLatency(client, dir, 15);
        }
        graphUpdate(1000);
    }

    static void runRoundTrip(CellarClient client, Path dir, int n) throws Exception {
        NotebookSnapshot nb = open(client, dir.resolve("roundtrip.py"));
        String cell = create(client, nb, "x = 1");
        for (int i = 0; i < 200; i++) { // warm-up: JIT of daemon and client, GraalPy's first runs
            run(client, nb, cell);
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            run(client, nb, cell);
            t[i] = System.nanoTime() - start;
        }
        System.out.println("cell.run wait round trip, x = 1 (" + nb.kernel().implementation() + "): " + Stats.ofNanos(t));
    }

    /** From notebook.interrupt to the run's answer, for a cell spinning in Python (goal: under 1 s). */
    static void interruptLatency(CellarClient client, Path dir, int rounds) throws Exception {
        NotebookSnapshot nb = open(client, dir.resolve("interrupt.py"));
        String spin = create(client, nb, "while True:\n    pass");
        long[] t = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            var answer = client.request(Methods.CELL_RUN, new RunCellsParams(nb.notebookId(), List.of(spin), true));
            while (status(client, nb, spin) != CellStatus.RUNNING) {
                Thread.sleep(1);
            }
            long start = System.nanoTime();
            client.call(Methods.NOTEBOOK_INTERRUPT, new NotebookParams(nb.notebookId()), Object.class);
            answer.get();
            t[r] = System.nanoTime() - start;
        }
        System.out.println("interrupt of while True: pass:          " + Stats.ofNanos(t));
    }

    private static CellStatus status(CellarClient client, NotebookSnapshot nb, String cell) throws Exception {
        NotebookSnapshot now = client.call(Methods.NOTEBOOK_GET, new NotebookParams(nb.notebookId()),
                NotebookSnapshot.class);
        return now.cells().stream().filter(c -> c.id().equals(cell)).findFirst().orElseThrow().status();
    }

    static void chain(CellarClient client, Path dir, int cells) throws Exception {
        // on GraalPy, so that the bare kernel below runs the same Python (auto may pick CPython)
        Files.writeString(dir.resolve("chain.py"), "# cellar: python=graalpy\n");
        NotebookSnapshot nb = open(client, dir.resolve("chain.py"));
        String head = create(client, nb, "c0 = 0");
        List<String> codes = new ArrayList<>(List.of("c0 = 0"));
        for (int i = 1; i < cells; i++) {
            codes.add("c" + i + " = c" + (i - 1) + " + 1");
            create(client, nb, codes.getLast());
        }
        client.call(Methods.NOTEBOOK_RUN_ALL, new RunAllParams(nb.notebookId(), true), RunResult.class);
        int rounds = 15;
        long[] total = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            // the edit's autorun and this run merge into one pass over the chain
            client.call(Methods.CELL_UPDATE, new UpdateCellParams(nb.notebookId(), head, "c0 = " + (r + 1), null),
                    CellResult.class);
            RunResult result = run(client, nb, head);
            total[r] = System.nanoTime() - start;
            long last = result.cells().stream().filter(c -> c.status() == CellStatus.OK).count();
            if (last != cells) {
                throw new IllegalStateException("chain did not finish: " + last + " ok of " + cells);
            }
        }
        // the same cells on a bare kernel: what the Python execution alone costs
        long[] bare = new long[rounds];
        try (GraalPyKernel kernel = new GraalPyKernel(dir, 50, dev.cellar.daemon.execution.Secrets.ofThisProcess())) {
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < cells; i++) {
                    kernel.execute(new CellRun("k" + i, 1, CellKind.PYTHON, codes.get(i), null), (s, t) -> { });
                }
                bare[r] = System.nanoTime() - start;
            }
        }
        Stats withScheduler = Stats.ofNanos(total);
        Stats kernelOnly = Stats.ofNanos(bare);
        System.out.println("edit head + re-run 100-cell chain (GraalPy): " + withScheduler);
        System.out.println("same 100 cells on a bare GraalPy kernel:    " + kernelOnly);
        System.out.printf(Locale.ROOT, "scheduler + protocol overhead per cell: %.3f ms (medians, ratio %.2fx)%n",
                (withScheduler.median() - kernelOnly.median()) / cells, withScheduler.median() / kernelOnly.median());
    }

    static void bigNotebook(CellarClient client, Path dir, int cells) throws Exception {
        bigNotebook(client, dir, cells, false);
        bigNotebook(client, dir, cells, true);
    }

    /** With autorun off the edit's cost is analysis, graph, staleness and the durable save; on, it also plans the re-run. */
    static void bigNotebook(CellarClient client, Path dir, int cells, boolean autorun) throws Exception {
        StringBuilder text = new StringBuilder("# cellar: autorun=" + autorun + "\n\n");
        for (int i = 0; i < cells; i++) {
            if (i > 0) {
                text.append('\n');
            }
            text.append("# %% id=c").append(i).append('\n');
            text.append(i == 0 ? "import math\n" : "");
            text.append("def f").append(i).append("(x, k=").append(i).append("):\n");
            text.append("    return [math.sqrt(v) * k for v in range(x)]\n");
            text.append("v").append(i).append(" = f").append(i).append("(3)").append(i > 0 ? " + v" + (i - 1) : "").append('\n');
        }
        Path file = dir.resolve("big-" + autorun + ".py");
        Files.writeString(file, text);
        long start = System.nanoTime();
        NotebookSnapshot nb = open(client, file);
        long openNanos = System.nanoTime() - start;
        if (nb.cells().size() != cells) {
            throw new IllegalStateException("opened " + nb.cells().size() + " cells");
        }
        if (!autorun) {
            System.out.printf(Locale.ROOT, "open a %d-cell notebook (cold analysis): %.1f ms%n", cells, openNanos / 1e6);
        }
        int rounds = 50;
        long[] edits = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            String code = "v500 = f500(4) + v499 + " + r + "\n";
            long t0 = System.nanoTime();
            client.call(Methods.CELL_UPDATE, new UpdateCellParams(nb.notebookId(), "c500", code, null), CellResult.class);
            edits[r] = System.nanoTime() - t0;
        }
        System.out.println("edit cell 500 of a " + cells + "-cell chain, autorun " + (autorun ? "on: " : "off:") + "  "
                + Stats.ofNanos(edits));
    }

    static void graphUpdate(int cells) {
        Map<String, Analysis> analyses = new HashMap<>();
        for (int i = 0; i < cells; i++) {
            analyses.put("c" + i, Analysis.of(List.of("v" + i, "f" + i), i == 0 ? List.of() : List.of("v" + (i - 1))));
        }
        DependencyGraph graph = DependencyGraph.of(analyses);
        int rounds = 2000;
        long[] t = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            graph = graph.with("c500", Analysis.of(List.of("v500", "f500", "w" + r), List.of("v499")));
            graph.problems();
            t[r] = System.nanoTime() - start;
        }
        System.out.println("incremental graph update + problem scan, " + cells + " cells: " + Stats.ofNanos(t));
    }

    private static NotebookSnapshot open(CellarClient client, Path file) throws Exception {
        return client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), true), NotebookSnapshot.class);
    }

    private static String create(CellarClient client, NotebookSnapshot nb, String code) throws Exception {
        return client.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), CellKind.PYTHON, code, null, null, null),
                CellResult.class).cell().id();
    }

    private static RunResult run(CellarClient client, NotebookSnapshot nb, String cell) throws Exception {
        return client.call(Methods.CELL_RUN, new RunCellsParams(nb.notebookId(), List.of(cell), true), RunResult.class);
    }
}
