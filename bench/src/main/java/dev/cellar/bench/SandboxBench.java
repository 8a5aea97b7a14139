package dev.cellar.bench;

import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cost of {@code sandbox=on} on the user's Python, side by side with it off in the same
 * run (rounds alternate, so the machine's noise falls on both): a new notebook's open and first
 * {@code x = 1} (cold: a first worker), a kernel restart to the first {@code x = 1} (warm), the
 * {@code x = 1} round trip, and a pandas-heavy cell. Worker starts include the isolated start
 * ({@code -I}, and {@code -S} with site-packages put back after confinement when on).
 * {@code bench/run sandbox [PYTHON]} (default /usr/bin/python3, which needs pandas).
 */
public final class SandboxBench {
    private static final String PANDAS = """
            import numpy as np, pandas as pd
            df = pd.DataFrame({'k': np.arange(2_000_000) % 1000, 'v': np.random.default_rng(1).random(2_000_000)})
            total = float(df.groupby('k')['v'].mean().sum())""";

    public static void main(String[] args) throws Exception {
        String python = args.length > 0 ? args[0] : "/usr/bin/python3";
        Path dir = Files.createTempDirectory("cellar-bench-sandbox");
        Path socket = dir.resolve("cellar.sock");
        try (Daemon daemon = Daemon.start(socket);
             CellarClient client = CellarClient.connect(socket, "bench")) {
            // cold: a notebook just opened, its first cell starting its first worker (kernel, private
            // temp folder, isolated start, confinement, site-packages put back); the interpreter's
            // version and sandbox probes are asked once per daemon, so only the first round pays them
            int colds = 5;
            long[][] cold = new long[2][colds];
            for (int i = 0; i < colds; i++) {
                cold[0][i] = Side.openAndRun(client, dir.resolve("cold-" + i), python, false);
                cold[1][i] = Side.openAndRun(client, dir.resolve("cold-" + i), python, true);
            }
            Side off = new Side(client, dir, python, false);
            Side on = new Side(client, dir, python, true);
            System.out.println("python " + python + "; sandbox: " + on.nb.kernel().sandbox() + " vs " + off.nb.kernel().sandbox());
            print("open + first x = 1 (cold)", cold);
            int starts = 10;
            long[][] start = new long[2][starts];
            for (int i = 0; i < starts; i++) {
                start[0][i] = off.restartAndRun();
                start[1][i] = on.restartAndRun();
            }
            print("restart + first x = 1 (warm)", start);
            int trips = 500;
            long[][] trip = new long[2][trips];
            for (int i = 0; i < 100; i++) {
                off.run(off.x);
                on.run(on.x);
            }
            for (int i = 0; i < trips; i++) {
                trip[0][i] = off.run(off.x);
                trip[1][i] = on.run(on.x);
            }
            print("x = 1 round trip", trip);
            int rounds = 7;
            long[][] heavy = new long[2][rounds];
            off.run(off.pandas);
            on.run(on.pandas);
            for (int i = 0; i < rounds; i++) {
                heavy[0][i] = off.run(off.pandas);
                heavy[1][i] = on.run(on.pandas);
            }
            print("pandas 2M-row groupby cell", heavy);
        }
    }

    private static void print(String what, long[][] t) {
        Stats off = Stats.ofNanos(t[0]);
        Stats on = Stats.ofNanos(t[1]);
        System.out.printf("%-28s off %s%n%-28s on  %s   (on/off median %.2fx)%n", what, off, "", on, on.median() / off.median());
    }

    /** One notebook, sandboxed or not, with its two cells. */
    private static final class Side {
        final CellarClient client;
        final NotebookSnapshot nb;
        final String x;
        final String pandas;

        Side(CellarClient client, Path dir, String python, boolean sandbox) throws Exception {
            this.client = client;
            Path file = dir.resolve(sandbox ? "on/nb.py" : "off/nb.py");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# cellar: autorun=false python=" + python + " sandbox=" + (sandbox ? "on" : "off") + "\n");
            nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false), NotebookSnapshot.class);
            x = create("x = 1");
            pandas = create(PANDAS);
        }

        private String create(String code) throws Exception {
            return client.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), CellKind.PYTHON, code, null, null,
                    null), CellResult.class).cell().id();
        }

        long run(String cell) throws Exception {
            long t0 = System.nanoTime();
            RunResult r = client.call(Methods.CELL_RUN, new RunCellsParams(nb.notebookId(), List.of(cell), true), RunResult.class);
            long t = System.nanoTime() - t0;
            if (r.cells().stream().anyMatch(c -> c.status() != CellStatus.OK)) {
                throw new IllegalStateException("cell failed: " + r);
            }
            return t;
        }

        /** Opens a new notebook in {@code dir}, runs {@code x = 1} on its first worker, closes it: the time of both. */
        static long openAndRun(CellarClient client, Path dir, String python, boolean sandbox) throws Exception {
            long t0 = System.nanoTime();
            Side side = new Side(client, dir, python, sandbox);
            side.run(side.x);
            long t = System.nanoTime() - t0;
            client.call(Methods.NOTEBOOK_CLOSE, new NotebookParams(side.nb.notebookId()), Object.class);
            return t;
        }

        long restartAndRun() throws Exception {
            client.call(Methods.KERNEL_RESTART, new NotebookParams(nb.notebookId()), Object.class);
            return run(x);
        }
    }
}
