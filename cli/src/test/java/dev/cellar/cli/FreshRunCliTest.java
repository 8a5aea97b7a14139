package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cellar run} starts from a fresh interpreter each time, as {@code jupyter execute}
 * does: module state a run changed (a module attribute, as matplotlib's rcParams or
 * np.random.seed would be) does not carry into the next run; {@code --reuse-kernel} keeps it.
 */
@Timeout(300)
class FreshRunCliTest {
    @RegisterExtension
    static CliHarness cli = new CliHarness();

    private static final String PROBE = """
            # cellar: python=/usr/bin/python3

            # %% id=imp0rt
            import json

            # %% id=bump01
            json.cellar_probe = getattr(json, "cellar_probe", 0) + 1

            # %% id=sh0w01
            print("probe", json.cellar_probe)
            """;

    @Test
    void threeRunsInARowPrintTheSameAndReuseKernelKeepsTheState() throws Exception {
        Path nb = cli.dir().resolve("probe.py");
        Files.writeString(nb, PROBE);
        for (int i = 0; i < 3; i++) {
            CliHarness.Result run = cli.cellar("run", "-q", nb.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).as("run %d", i + 1).contains("probe 1").doesNotContain("probe 2");
        }
        CliHarness.Result reused = cli.cellar("run", "-q", "--reuse-kernel", nb.toString());
        assertThat(reused.exit()).as(reused.err()).isZero();
        assertThat(reused.out()).contains("probe 2");
        System.out.printf("cellar run of a 3-cell notebook on a warm daemon, median of 5: fresh kernel (spare worker) %d ms,"
                + " --reuse-kernel %d ms%n", medianMillis(nb), medianMillis(nb, "--reuse-kernel"));
    }

    private static long medianMillis(Path nb, String... options) {
        List<Long> times = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "-q"));
            args.addAll(List.of(options));
            args.add(nb.toString());
            long t0 = System.nanoTime();
            assertThat(cli.cellar(args.toArray(String[]::new)).exit()).isZero();
            times.add((System.nanoTime() - t0) / 1_000_000);
        }
        return times.stream().sorted().toList().get(2);
    }

    @Test
    void anAttachedClientSeesTheRestartAndTheNewOutputs() throws Exception {
        Path nb = cli.dir().resolve("watched.py");
        Files.writeString(nb, PROBE);
        assertThat(cli.cellar("run", "-q", nb.toString()).exit()).isZero();
        List<Event> seen = new CopyOnWriteArrayList<>();
        try (CellarClient client = CellarClient.connect(cli.socket(), "watcher")) {
            NotebookSnapshot snap = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(nb.toString(), false), NotebookSnapshot.class);
            client.onEvent(seen::add);
            client.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(snap.notebookId(), snap.seq()), Object.class);
            CliHarness.Result run = cli.cellar("run", "-q", nb.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.stream().noneMatch(e -> e.type() == EventType.RUN_FINISHED) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        assertThat(seen).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.KERNEL_CHANGED);
            assertThat(((Event.KernelChanged) e).notice()).contains("restarted for a fresh run");
        });
        assertThat(seen).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.CELL_STATE);
            assertThat(((Event.WithCell) e).cell().id()).isEqualTo("sh0w01");
            assertThat(((Event.WithCell) e).cell().outputs()).isNotEmpty();
        });
    }
}
