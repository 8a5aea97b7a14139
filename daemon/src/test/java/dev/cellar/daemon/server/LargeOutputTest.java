package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cell's output cannot sink the daemon: it is bounded, and nothing the daemon sends exceeds a frame. */
@org.junit.jupiter.api.Timeout(300)
class LargeOutputTest {
    @TempDir
    static Path dir;
    static Daemon daemon;
    static CellarClient client;

    @BeforeAll
    static void start() throws Exception {
        daemon = Daemon.start(dir.resolve("cellar.sock"));
        client = CellarClient.connect(dir.resolve("cellar.sock"), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            client.close();
        } finally {
            daemon.close();
        }
    }

    private static NotebookSnapshot open(String name, String header) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "# cellar: autorun=false " + header + "\n");
        return client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false), NotebookSnapshot.class);
    }

    private static String add(NotebookSnapshot nb, String code) throws Exception {
        return client.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), CellKind.PYTHON, code, null, null, null),
                CellResult.class).cell().id();
    }

    private static CellInfo run(NotebookSnapshot nb, String cellId) throws Exception {
        RunResult r = client.call(Methods.CELL_RUN, new RunCellsParams(nb.notebookId(), List.of(cellId), true), RunResult.class);
        return r.cells().stream().filter(c -> c.id().equals(cellId)).findFirst().orElseThrow();
    }

    private static String text(CellInfo cell) {
        return cell.outputs().stream().map(o -> o instanceof Output.Stream s ? s.text() : "").collect(Collectors.joining());
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aHundredMegabytesPrintedAtOnceOrInLinesAreCutToTheLimitWithAMarker() throws Exception {
        NotebookSnapshot nb = open("big.py", "");
        String once = add(nb, "print('a' + 'x' * 100_000_000 + 'z')");
        String lines = add(nb, "for i in range(100_000):\n    print(str(i).rjust(8) + 'y' * 991)");
        long before = usedHeapAfterGc();

        long t0 = System.nanoTime();
        CellInfo a = run(nb, once);
        long t1 = System.nanoTime();
        CellInfo b = run(nb, lines);
        long t2 = System.nanoTime();
        long grown = usedHeapAfterGc() - before;
        System.out.printf("100 MB at once: %.1f s; in 1000-char lines: %.1f s; heap after GC grew %d MB%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, grown >> 20);

        assertThat(a.status()).isEqualTo(CellStatus.OK);
        assertThat(text(a)).startsWith("axxx").endsWith("xxz\n").contains("… 99.0 MB of output dropped …")
                .hasSizeLessThan((1 << 20) + 100);
        assertThat(b.status()).isEqualTo(CellStatus.OK);
        assertThat(text(b)).startsWith("       0yyy").endsWith("   99999" + "y".repeat(991) + "\n")
                .contains("MB of output dropped").hasSizeLessThan((1 << 20) + 100);
        assertThat(grown).as("heap kept after the runs").isLessThan(256L << 20);

        // what `cellar show --json` reads: the whole notebook in one answer
        NotebookSnapshot shown = client.call(Methods.NOTEBOOK_GET, new dev.cellar.protocol.method.NotebookParams(
                nb.notebookId()), NotebookSnapshot.class);
        assertThat(text(shown.cell(once))).isEqualTo(text(a));
    }

    @Test
    void theOutputLimitIsANotebookSetting() throws Exception {
        NotebookSnapshot nb = open("small-limit.py", "output-limit=10K");
        CellInfo c = run(nb, add(nb, "print('q' * 50_000)"));
        assertThat(text(c)).hasSizeLessThan(10 * 1024 + 100).contains("… 39.8 KB of output dropped …");
    }

    @Test
    void aNotebookTooLargeToSendWholeSaysSoAndIsReadCellByCell() throws Exception {
        NotebookSnapshot nb = open("huge.py", "output-limit=8M");
        List<String> cells = List.of(add(nb, "print('1' * 7_000_000)"), add(nb, "print('2' * 7_000_000)"),
                add(nb, "print('3' * 7_000_000)"));
        for (String cell : cells) {
            assertThat(run(nb, cell).status()).isEqualTo(CellStatus.OK);
        }
        assertThatThrownBy(() -> client.call(Methods.NOTEBOOK_GET,
                new dev.cellar.protocol.method.NotebookParams(nb.notebookId()), NotebookSnapshot.class))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.TOO_LARGE_TO_SEND);
                    assertThat(e.getMessage()).contains("too large to send whole").contains("cell.get");
                });
        NotebookSnapshot whole = Snapshots.get(client, nb.notebookId());
        assertThat(whole.cells()).extracting(CellInfo::id).containsExactlyElementsOf(cells);
        assertThat(text(whole.cell(cells.get(2)))).hasSize(7_000_001);
        // a run's result made of those cells: the same error, read the same way
        RpcException runTooLarge = org.assertj.core.api.Assertions.catchThrowableOfType(RpcException.class,
                () -> client.call(Methods.NOTEBOOK_RUN_ALL, new dev.cellar.protocol.method.RunAllParams(nb.notebookId(),
                        true, null, null, false), RunResult.class));
        RunResult run = dev.cellar.protocol.rpc.Json.convert(Snapshots.whole(client, nb.notebookId(), runTooLarge),
                RunResult.class);
        assertThat(run.cells()).extracting(CellInfo::status).containsOnly(CellStatus.OK);
        assertThat(client.call(Methods.DAEMON_INFO, null, com.fasterxml.jackson.databind.JsonNode.class).has("pid"))
                .as("the connection still works").isTrue();
    }

    @Test
    void timePerMegabyteStaysFlatAsOutputGrows() throws Exception {
        NotebookSnapshot nb = open("ratio.py", "");
        String small = add(nb, "for _i in range(2_000):\n    print('r' * 999)");
        String large = add(nb, "for _i in range(20_000):\n    print('R' * 999)");
        assertThat(run(nb, small).status()).isEqualTo(CellStatus.OK); // also warms up
        double perMbSmall = Double.MAX_VALUE;
        double perMbLarge = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            run(nb, small);
            long t1 = System.nanoTime();
            assertThat(text(run(nb, large))).contains("MB of output dropped");
            long t2 = System.nanoTime();
            perMbSmall = Math.min(perMbSmall, (t1 - t0) / 2e6);
            perMbLarge = Math.min(perMbLarge, (t2 - t1) / 20e6);
        }
        System.out.printf("stream output: %.1f ms/MB at 2 MB, %.1f ms/MB at 20 MB (ratio %.2f)%n",
                perMbSmall, perMbLarge, perMbLarge / perMbSmall);
        assertThat(perMbLarge / perMbSmall).as("loose: quadratic growth would be ~10x").isLessThan(4);
    }
}
