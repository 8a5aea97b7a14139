package dev.cellar.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.image.HalfBlocks;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.view.Glyphs;
import dev.cellar.tui.view.Renderer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The terminal UI's own time from a key (or an event) to the screen being written, on a
 * 200-cell notebook in a 120x40 virtual terminal: state change + drawing + screen diff; the
 * same with every line soft-wrapped; an 800x600 plot drawn as half-blocks at 120 columns.
 * The terminal's and the network's time come on top (the daemon's edit-to-event time is
 * in bench/run concurrency).
 */
public final class TuiBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<CellInfo> cells = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cells.add(new CellInfo("c" + i, CellKind.PYTHON, "v" + i + " = v" + (i - 1) + " + 1\nprint(v" + i + ")\n# note", 1,
                    CellStatus.OK, List.of("v" + i), List.of("v" + (i - 1)), List.of(new Output.Stream("stdout", i + "\n")),
                    null, null, "user:a", List.of()));
        }
        TuiState start = Reducer.snapshot(TuiState.empty("bench.py"), new NotebookSnapshot("nb", "/bench.py", 1, 0, cells))
                .withConnection(true, "");
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        TerminalScreen screen = new TerminalScreen(vt);
        screen.startScreen();
        Renderer renderer = new Renderer(new Glyphs(true));

        TuiState[] s = {start.withSelected(100)};
        report("move to the next cell (j)", n, screen, renderer, s, st -> st.withSelected(st.selected() == 199 ? 0 : st.selected() + 1));
        s[0] = start.withSelected(100).withEditor(Editor.of("c100", 1, cells.get(100).code()));
        report("type a character in the editor", n, screen, renderer, s, st -> st.withEditor(st.editor().insert("x")));
        s[0] = start.withSelected(100);
        long[] version = {1};
        report("another client's edit arrives (event -> redraw)", n, screen, renderer, s, st -> {
            version[0]++;
            CellInfo c = cells.get(101);
            CellInfo edited = new CellInfo(c.id(), c.kind(), "v101 = " + version[0], version[0], CellStatus.STALE, c.defs(),
                    c.refs(), c.outputs(), null, null, "user:b", List.of());
            return Reducer.apply(st, new Event.CellUpdated(new Event.Meta("nb", version[0], "user:b", null), edited,
                    version[0], null), "user:tui");
        });
        wrapped(n, screen, renderer);
        plot(n);
        tables(Math.max(30, n / 10), screen, renderer);
        serverResult();
        screen.stopScreen();
    }

    /** A 200-cell notebook whose code and outputs are wider than the pane: every redraw soft-wraps them. */
    private static void wrapped(int n, TerminalScreen screen, Renderer renderer) throws Exception {
        List<CellInfo> cells = new ArrayList<>();
        String longCode = "total = " + String.join(" + ", java.util.Collections.nCopies(30, "value"));
        for (int i = 0; i < 200; i++) {
            cells.add(new CellInfo("w" + i, CellKind.PYTHON, longCode + "\nprint(total)", 1, CellStatus.OK, List.of("total"),
                    List.of("value"), List.of(new Output.Stream("stdout", "x".repeat(300) + "\n")), null, null, "user:a",
                    List.of()));
        }
        TuiState[] s = {Reducer.snapshot(TuiState.empty("wrap.py"), new NotebookSnapshot("nb", "/wrap.py", 1, 0, cells))
                .withConnection(true, "").withSelected(100)};
        report("move to the next cell, 200 wrapped cells", n, screen, renderer, s,
                st -> st.withSelected(st.selected() == 199 ? 0 : st.selected() + 1));
    }

    /**
     * The table viewer on a 1,000,000-row SQL result, against a real daemon over its socket: the
     * query streamed to its spool, then from a key to the screen written: opening the viewer
     * (the first page read), paging down (most pages are already here; one in about 50 is read),
     * jumping to the other end (a page read each time), a first sort of all rows and its next page.
     */
    private static void tables(int n, TerminalScreen screen, Renderer renderer) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cellar-bench-tables");
        java.nio.file.Path socket = dir.resolve("cellar.sock");
        java.nio.file.Path file = dir.resolve("rows.py");
        java.nio.file.Files.writeString(file, "# cellar: autorun=false\n\n# %% [sql] id=\"rows01\"\n# SELECT range AS n, "
                + "'name ' || range AS label, range * 0.5 AS half, range % 7 AS k FROM range(1000000)\n");
        try (dev.cellar.daemon.Daemon daemon = dev.cellar.daemon.Daemon.start(socket);
             dev.cellar.protocol.client.CellarClient client = dev.cellar.protocol.client.CellarClient.connect(socket, "bench")) {
            NotebookSnapshot nb = client.call(dev.cellar.protocol.method.Methods.NOTEBOOK_OPEN,
                    new dev.cellar.protocol.method.OpenParams(file.toString(), false), NotebookSnapshot.class);
            long t0 = System.nanoTime();
            client.call(dev.cellar.protocol.method.Methods.CELL_RUN, new dev.cellar.protocol.method.RunCellsParams(
                    nb.notebookId(), List.of("rows01"), true), dev.cellar.protocol.method.RunResult.class);
            System.out.printf("%-50s %.0f ms (Runtime used %d MiB after)%n", "1M-row SQL result run and spooled:",
                    (System.nanoTime() - t0) / 1e6, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            NotebookSnapshot got = client.call(dev.cellar.protocol.method.Methods.NOTEBOOK_GET,
                    new dev.cellar.protocol.method.NotebookParams(nb.notebookId()), NotebookSnapshot.class);
            TuiState cells = Reducer.snapshot(TuiState.empty(file.toString()), got).withConnection(true, "");
            int page = screen.getTerminalSize().getRows() - 4;
            com.googlecode.lanterna.input.KeyStroke v = new com.googlecode.lanterna.input.KeyStroke('v', false, false);
            long[] open = new long[n];
            TuiState viewer = null;
            for (int i = -5; i < n; i++) {
                long a = System.nanoTime();
                viewer = drive(client, dev.cellar.tui.input.Keymap.dispatch(cells, v, page));
                renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), viewer);
                screen.refresh();
                if (i >= 0) {
                    open[i] = System.nanoTime() - a;
                }
            }
            System.out.printf("%-50s %s%n", "table viewer: open on 1M rows (first page read):", Stats.ofNanos(open));
            TuiState[] s = {viewer};
            com.googlecode.lanterna.input.KeyStroke down = new com.googlecode.lanterna.input.KeyStroke(
                    com.googlecode.lanterna.input.KeyType.PageDown);
            tableKeys("table viewer: page down (Space/PgDn):", n * 10, client, screen, renderer, s, down, page);
            com.googlecode.lanterna.input.KeyStroke end = new com.googlecode.lanterna.input.KeyStroke(
                    com.googlecode.lanterna.input.KeyType.End);
            com.googlecode.lanterna.input.KeyStroke home = new com.googlecode.lanterna.input.KeyStroke(
                    com.googlecode.lanterna.input.KeyType.Home);
            long[] jumps = new long[n];
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                s[0] = drive(client, dev.cellar.tui.input.Keymap.dispatch(s[0], i % 2 == 0 ? end : home, page));
                renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), s[0]);
                screen.refresh();
                jumps[i] = System.nanoTime() - a;
            }
            System.out.printf("%-50s %s%n", "table viewer: jump to the other end (a page read):", Stats.ofNanos(jumps));
            s[0] = drive(client, dev.cellar.tui.input.Keymap.dispatch(s[0],
                    new com.googlecode.lanterna.input.KeyStroke('l', false, false), page));
            long a = System.nanoTime();
            s[0] = drive(client, dev.cellar.tui.input.Keymap.dispatch(s[0],
                    new com.googlecode.lanterna.input.KeyStroke('s', false, false), page));
            renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), s[0]);
            screen.refresh();
            System.out.printf("%-50s %.0f ms%n", "table viewer: first sort of 1M rows (by label):", (System.nanoTime() - a) / 1e6);
            tableKeys("table viewer: page down, sorted:", n * 10, client, screen, renderer, s, down, page);
        }
    }

    /**
     * A 5,000,000-row PostgreSQL result (when a server answers at {@code CELLAR_BENCH_PG_URL}, else
     * 127.0.0.1:5432): streamed to its spool, with the daemon's peak heap over the run, which the
     * spool keeps near the preview's size rather than the result's.
     */
    private static void serverResult() throws Exception {
        String url = System.getenv().getOrDefault("CELLAR_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
            c.isValid(2);
        } catch (java.sql.SQLException e) {
            System.out.printf("%-50s skipped: no PostgreSQL at %s%n", "5M-row PostgreSQL result:", url);
            return;
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cellar-bench-pg");
        java.nio.file.Path socket = dir.resolve("cellar.sock");
        java.nio.file.Path file = dir.resolve("pg.py");
        java.nio.file.Files.writeString(file, "# cellar: autorun=false sql=" + url + "\n\n# %% [sql] id=\"pg0001\"\n"
                + "# SELECT n, md5(n::text) AS h, n * 0.5 AS half FROM generate_series(1, 5000000) AS n\n");
        try (dev.cellar.daemon.Daemon daemon = dev.cellar.daemon.Daemon.start(socket);
             dev.cellar.protocol.client.CellarClient client = dev.cellar.protocol.client.CellarClient.connect(socket, "bench")) {
            NotebookSnapshot nb = client.call(dev.cellar.protocol.method.Methods.NOTEBOOK_OPEN,
                    new dev.cellar.protocol.method.OpenParams(file.toString(), false), NotebookSnapshot.class);
            System.gc();
            List<java.lang.management.MemoryPoolMXBean> heap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans()
                    .stream().filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).toList();
            long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
            heap.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
            long t0 = System.nanoTime();
            dev.cellar.protocol.method.RunResult r = client.call(dev.cellar.protocol.method.Methods.CELL_RUN,
                    new dev.cellar.protocol.method.RunCellsParams(nb.notebookId(), List.of("pg0001"), true),
                    dev.cellar.protocol.method.RunResult.class);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.gc();
            long after = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
            System.out.printf("%-50s %d ms, %s; heap %d MiB before, peak %d MiB, %d MiB after (max %d MiB)%n",
                    "5M-row PostgreSQL result streamed to its spool:", ms, r.cells().getFirst().status().wireName(),
                    before >> 20, peak >> 20, after >> 20, Runtime.getRuntime().maxMemory() >> 20);
            long t1 = System.nanoTime();
            dev.cellar.protocol.method.TableRows last = client.tableRows(new dev.cellar.protocol.method.TableRowsParams(
                    nb.notebookId(), "pg0001", 4_999_990, 10));
            System.out.printf("%-50s %.1f ms (%d rows of %d)%n", "its last page read:", (System.nanoTime() - t1) / 1e6,
                    last.rows().size(), last.totalRows());
        }
    }

    private static void tableKeys(String what, int n, dev.cellar.protocol.client.CellarClient client, TerminalScreen screen,
                                  Renderer renderer, TuiState[] s, com.googlecode.lanterna.input.KeyStroke key, int page)
            throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            s[0] = drive(client, dev.cellar.tui.input.Keymap.dispatch(s[0], key, page));
            renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), s[0]);
            screen.refresh();
            t[i] = System.nanoTime() - a;
        }
        System.out.printf("%-50s %s%n", what, Stats.ofNanos(t));
    }

    /** A step's requests sent and answered in turn, as TuiApp does (here waiting for each answer). */
    private static TuiState drive(dev.cellar.protocol.client.CellarClient client, dev.cellar.tui.state.Step step)
            throws Exception {
        TuiState state = step.state();
        for (dev.cellar.tui.state.Effect.Request r : step.requests()) {
            com.fasterxml.jackson.databind.JsonNode answer = client.request(r.method(), r.params()).get();
            state = drive(client, r.onOk().apply(state, answer));
        }
        return state;
    }

    /** An 800x600 plot (a gradient with lines, like a matplotlib PNG) as half-blocks at 120 columns. */
    private static void plot(int n) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(800, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, java.awt.Color.WHITE, 800, 600, java.awt.Color.LIGHT_GRAY));
        g.fillRect(0, 0, 800, 600);
        g.setColor(java.awt.Color.BLUE);
        for (int x = 0; x < 800; x += 4) {
            g.drawLine(x, 300 + (int) (200 * Math.sin(x / 60.0)), x + 4, 300 + (int) (200 * Math.sin((x + 4) / 60.0)));
        }
        g.dispose();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", png);
        byte[] bytes = png.toByteArray();
        int m = Math.max(50, n / 10);
        long[] decodeAndDraw = new long[m];
        long[] draw = new long[m];
        java.awt.image.BufferedImage decoded = HalfBlocks.decode(bytes);
        for (int i = -20; i < m; i++) {
            long t0 = System.nanoTime();
            HalfBlocks.render(bytes, 120, 1000, 0);
            long t1 = System.nanoTime();
            HalfBlocks.render(decoded, 120, 1000, 0).toAnsi(true);
            long t2 = System.nanoTime();
            if (i >= 0) {
                decodeAndDraw[i] = t1 - t0;
                draw[i] = t2 - t1;
            }
        }
        System.out.printf("%-50s %s%n", "800x600 PNG decoded + half-blocks at 120 cols:", Stats.ofNanos(decodeAndDraw));
        System.out.printf("%-50s %s%n", "800x600 image to half-blocks + ANSI at 120 cols:", Stats.ofNanos(draw));
    }

    private static void report(String what, int n, TerminalScreen screen, Renderer renderer, TuiState[] s,
                               UnaryOperator<TuiState> step) throws Exception {
        long[] t = new long[n];
        for (int i = -200; i < n; i++) {
            long start = System.nanoTime();
            s[0] = step.apply(s[0]);
            renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), s[0]);
            screen.refresh();
            if (i >= 0) {
                t[i] = System.nanoTime() - start;
            }
        }
        System.out.printf("%-50s %s%n", what + ":", Stats.ofNanos(t));
    }
}
