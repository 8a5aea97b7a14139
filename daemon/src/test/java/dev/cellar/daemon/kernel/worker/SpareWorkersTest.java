package dev.cellar.daemon.kernel.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.kernel.Confinement;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Interpreters;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.protocol.model.CellKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker started ahead of need is taken only by a kernel that would have started the very same one. */
class SpareWorkersTest {
    @TempDir
    Path dir;

    @AfterEach
    void stopSpares() {
        SpareWorkers.closeAll();
    }

    @Test
    void aSpareIsTakenOnceAndOnlyForTheSameLaunchAndEnvironment() throws Exception {
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", dir);
        WorkerLaunch launch = WorkerLaunch.python(python, Map.of("previewRows", 50), dir, Map.of());
        WorkerLaunch otherFolder = WorkerLaunch.python(python, Map.of("previewRows", 50), dir.resolve(".."), Map.of());
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
        SpareWorkers.prepare(launch, env);
        assertThat(SpareWorkers.take(otherFolder, env)).isNull();
        assertThat(SpareWorkers.take(launch, Map.of("PATH", "/bin"))).isNull();
        try (WorkerProcess spare = SpareWorkers.take(launch, env)) {
            assertThat(spare).isNotNull();
            assertThat(spare.isAlive()).isTrue();
            printMemory(spare.pid());
            assertThat(SpareWorkers.take(launch, env)).as("taken: no longer a spare").isNull();
        }
    }

    @Test
    void aKernelStartsOnTheSpareItsPredecessorKept() throws Exception {
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", dir);
        Confinement off = new Confinement(Confinement.OFF, null, Secrets.of(Map.of()), Map.of("PATH", "/usr/bin:/bin"));
        WorkerKernel first = WorkerKernel.python(python, dir, 50, 0, off, List.of());
        WorkerKernel second = WorkerKernel.python(python, dir, 50, 0, off, List.of());
        try {
            long firstKeeper = Long.parseLong(keeperOf(first));
            Set<Long> before = pythonChildren();
            first.keepSpare();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<Long> spares = Set.of();
            while (spares.isEmpty() && System.nanoTime() < deadline) {
                spares = pythonChildren().stream().filter(p -> !before.contains(p)).collect(Collectors.toSet());
                Thread.onSpinWait();
            }
            assertThat(spares).as("a spare worker started").hasSize(1);
            long secondKeeper = Long.parseLong(keeperOf(second));
            assertThat(secondKeeper).isNotEqualTo(firstKeeper).isIn(spares);
        } finally {
            first.close();
            second.close();
        }
    }

    /** The pid of the worker's keeper (its parent), as the cell sees it. */
    private static String keeperOf(WorkerKernel kernel) {
        StringBuilder out = new StringBuilder();
        ExecutionResult r = kernel.execute(new CellRun("c1", 1, CellKind.PYTHON, "import os\nprint(os.getppid(), end='')", null),
                (stream, text) -> out.append(text));
        assertThat(r.outcome()).isEqualTo(ExecutionResult.Outcome.OK);
        return out.toString();
    }

    /** What a waiting spare costs: its keeper and worker processes' RSS and PSS (forked pages shared). */
    private static void printMemory(long keeper) throws java.io.IOException {
        List<Long> pids = new java.util.ArrayList<>(List.of(keeper));
        ProcessHandle.of(keeper).ifPresent(k -> k.children().forEach(c -> pids.add(c.pid())));
        long rss = 0;
        long pss = 0;
        for (long pid : pids) {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Rss:")) {
                    rss += Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Pss:")) {
                    pss += Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        }
        System.out.printf("a spare worker (%d processes): RSS %.1f MiB, PSS %.1f MiB%n", pids.size(), rss / 1024.0, pss / 1024.0);
    }

    private static Set<Long> pythonChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
