package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python on a cluster is user code: a Dask LocalCluster with worker processes runs in a cell
 * on the user's Python, and a kernel restart leaves none of its processes behind (Debian's
 * python3-distributed; skipped with the reason without it).
 */
@org.junit.jupiter.api.Timeout(300)
class DaskClusterTest {
    @TempDir
    Path dir;

    @Test
    void aLocalClusterComputesAndAKernelRestartEndsItsProcesses() throws Exception {
        assumeTrue(TestPython.cpythonHas("distributed"), "no dask.distributed for " + TestPython.cpython()
                + " (Debian: python3-distributed)");
        Path file = dir.resolve("cluster.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        try (TestNotebook nb = new TestNotebook(file, TestPython.CPYTHON)) {
            String start = nb.add("""
                    import os
                    from dask.distributed import Client, LocalCluster
                    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
                    client = Client(cluster)
                    pids = sorted(client.run(os.getpid).values())
                    len(pids)""");
            String sum = nb.add("""
                    import dask.array as da
                    float(da.ones((4000, 4000), chunks=(1000, 1000)).sum().compute())""");
            String list = nb.add("' '.join(str(p) for p in pids)");
            nb.runAndWait(start);
            assertThat(nb.cell(start).status()).as("%s", nb.cell(start).error()).isEqualTo(CellStatus.OK);
            assertThat(text(nb.cell(start))).isEqualTo("2");
            nb.runAndWait(sum, list);
            assertThat(text(nb.cell(sum))).as("%s", nb.cell(sum).error()).isEqualTo("16000000.0");
            List<Long> workers = Arrays.stream(text(nb.cell(list)).replace("'", "").split(" "))
                    .map(Long::parseLong).toList();
            assertThat(workers).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).isTrue());

            nb.call(new Command.RestartKernel());
            for (long pid : workers) {
                Await.poll("dask worker " + pid + " to end after the kernel restart", () -> !alive(pid));
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
