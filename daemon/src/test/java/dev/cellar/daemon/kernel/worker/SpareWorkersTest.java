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

/**
 * A worker started ahead of need is taken only by a kernel that would have started the very same
 * one: a confined spare only by a kernel of the same notebook folder and rights.
 */
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
        SpareWorkers.Spare spare = SpareWorkers.take(launch, env);
        assertThat(spare).isNotNull();
        try (WorkerProcess w = spare.process()) {
            assertThat(w.isAlive()).isTrue();
            assertThat(spare.temp()).as("an unconfined worker has the system's temp folder").isNull();
            printMemory("an unconfined", w.pid());
            assertThat(SpareWorkers.take(launch, env)).as("taken: no longer a spare").isNull();
        }
        WorkerLaunch confined = WorkerLaunch.python(python, Map.of("previewRows", 50), dir, Map.of(),
                new WorkerLaunch.Sandbox(Confinement.LANDLOCK, List.of(dir), List.of()));
        SpareWorkers.prepare(confined, env);
        SpareWorkers.Spare kept = SpareWorkers.take(confined, env);
        if (kept != null) { // null where this machine cannot confine a worker
            try (WorkerProcess w = kept.process()) {
                assertThat(kept.temp()).as("a confined spare has a temp folder of its own").isNotNull();
                printMemory("a confined", w.pid());
            } finally {
                kept.temp().delete();
            }
        }
    }

    @Test
    void aConfinedKernelStartsOnASpareConfinedToItsOwnNotebookWithATempFolderOfItsOwn() throws Exception {
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", dir);
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("project"));
        Path otherFolder = java.nio.file.Files.createDirectories(dir.resolve("other"));
        Path outside = java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
        Confinement on = new Confinement(Confinement.LANDLOCK, null, Secrets.of(Map.of()),
                Map.of("PATH", "/usr/bin:/bin", "MY_TOKEN", "t"));
        WorkerKernel first = WorkerKernel.python(python, folder, 50, 0, on, List.of());
        WorkerKernel other = WorkerKernel.python(python, otherFolder, 50, 0, on, List.of());
        WorkerKernel widerEnv = WorkerKernel.python(python, folder, 50, 0, on, List.of("MY_TOKEN"));
        WorkerKernel second = WorkerKernel.python(python, folder, 50, 0, on, List.of());
        String probe = """
                import os, tempfile
                open('mine.txt', 'w').write('x')
                try:
                    open(%s + '/escaped.txt', 'w'); print('ESCAPED', end=' ')
                except PermissionError:
                    print('denied', end=' ')
                with tempfile.NamedTemporaryFile() as f:
                    f.write(b'temp')
                print(os.getppid(), os.environ['TMPDIR'], end='')""".formatted("'" + outside + "'");
        try {
            String[] firstRun = run(first, probe);
            org.junit.jupiter.api.Assumptions.assumeTrue(firstRun != null, "this machine cannot confine a worker");
            long spare = spareKeptBy(first);

            assertThat(Long.parseLong(run(other, probe)[1])).as("another notebook's folder: not its spare").isNotEqualTo(spare);
            assertThat(Long.parseLong(run(widerEnv, probe)[1])).as("other env= rights: not its spare").isNotEqualTo(spare);
            String[] secondRun = run(second, probe);
            assertThat(Long.parseLong(secondRun[1])).as("the same notebook and rights take the spare").isEqualTo(spare);
            assertThat(secondRun[0]).as("the spare confined itself as it started").isEqualTo("denied");
            assertThat(secondRun[2]).as("a temp folder of its own").isNotEqualTo(firstRun[2]);
            assertThat(Path.of(secondRun[2])).isDirectory();
            second.close();
            assertThat(Path.of(secondRun[2])).as("removed with the kernel that took the spare").doesNotExist();
            assertThat(Path.of(firstRun[2])).as("the first kernel's is its own").isDirectory();
        } finally {
            first.close();
            other.close();
            widerEnv.close();
            second.close();
        }
        assertThat(outside.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aConfinedKernelWhosePythonItsCellsCouldReplaceKeepsNoSpare() throws Exception {
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", dir);
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("project/.venv/bin")).getParent().getParent();
        Path inFolder = java.nio.file.Files.createSymbolicLink(folder.resolve(".venv/bin/python"), python.executable());
        Interpreter venv = new Interpreter(python.kind(), inFolder, python.implementation(), python.version(), null);
        Confinement on = new Confinement(Confinement.LANDLOCK, null, Secrets.of(Map.of()), Map.of("PATH", "/usr/bin:/bin"));
        Confinement off = new Confinement(Confinement.OFF, null, Secrets.of(Map.of()), Map.of("PATH", "/usr/bin:/bin"));
        WorkerKernel confined = WorkerKernel.python(venv, folder, 50, 0, on, List.of());
        WorkerKernel unconfined = WorkerKernel.python(venv, folder, 50, 0, off, List.of());
        try {
            // a spare runs its Python before it confines itself, while this kernel's confined cells may write the folder
            confined.keepSpare();
            assertThat(SpareWorkers.count()).as("no spare of a Python in the confined notebook's folder").isZero();
            unconfined.keepSpare();
            assertThat(SpareWorkers.count()).as("unconfined cells have the person's rights anyway").isEqualTo(1);
        } finally {
            confined.close();
            unconfined.close();
        }
    }

    /** The probe's words (denied or ESCAPED, the keeper's pid, TMPDIR); null when the worker could not confine itself. */
    private static String[] run(WorkerKernel kernel, String code) {
        StringBuilder out = new StringBuilder();
        ExecutionResult r = kernel.execute(new CellRun("c1", 1, CellKind.PYTHON, code, null), (stream, text) -> out.append(text));
        if (r.outcome() != ExecutionResult.Outcome.OK && r.error().message().contains("could not confine")) {
            return null;
        }
        assertThat(r.outcome()).as("%s", r.error()).isEqualTo(ExecutionResult.Outcome.OK);
        return out.toString().split(" ");
    }

    @Test
    void aKernelStartsOnTheSpareItsPredecessorKept() throws Exception {
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", dir);
        Confinement off = new Confinement(Confinement.OFF, null, Secrets.of(Map.of()), Map.of("PATH", "/usr/bin:/bin"));
        WorkerKernel first = WorkerKernel.python(python, dir, 50, 0, off, List.of());
        WorkerKernel second = WorkerKernel.python(python, dir, 50, 0, off, List.of());
        try {
            long firstKeeper = Long.parseLong(keeperOf(first));
            long spare = spareKeptBy(first);
            long secondKeeper = Long.parseLong(keeperOf(second));
            assertThat(secondKeeper).isNotEqualTo(firstKeeper).isEqualTo(spare);
        } finally {
            first.close();
            second.close();
        }
    }

    /** The keeper of the spare {@code kernel.keepSpare()} starts: the one new child process, waited for. */
    private static long spareKeptBy(WorkerKernel kernel) {
        Set<Long> before = pythonChildren();
        kernel.keepSpare();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Long> spares = Set.of();
        while (spares.isEmpty() && System.nanoTime() < deadline) {
            spares = pythonChildren().stream().filter(p -> !before.contains(p)).collect(Collectors.toSet());
            Thread.onSpinWait();
        }
        assertThat(spares).as("a spare worker started").hasSize(1);
        return spares.iterator().next();
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
    private static void printMemory(String which, long keeper) throws java.io.IOException {
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
        System.out.printf("%s spare worker (%d processes): RSS %.1f MiB, PSS %.1f MiB%n", which, pids.size(), rss / 1024.0,
                pss / 1024.0);
    }

    private static Set<Long> pythonChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
