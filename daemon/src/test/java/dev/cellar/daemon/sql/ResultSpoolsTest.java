package dev.cellar.daemon.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk an SQL result may take to be paged through is bounded, and a result over it fails its cell. */
class ResultSpoolsTest {
    private static final String WIDE = "SELECT range AS n, repeat('x', 100) AS pad FROM range(%d)";

    @TempDir
    Path dir;

    @Test
    void aResultLargerThanTheSpoolLimitFailsItsCellAndLeavesNoFileBehind() throws IOException {
        try (SqlDatabase db = SqlDatabase.forNotebook(dir.resolve("nb.py"), null, false, null, Secrets.ofThisProcess());
             ResultSpools spools = new ResultSpools(1 << 20)) {
            SqlCellRunner runner = new SqlCellRunner(db);
            SqlCellRunner.Result big = run(runner, "big", WIDE.formatted(100_000), spools);
            assertThat(big.execution().error()).isNotNull();
            assertThat(big.execution().error().ename()).isEqualTo("SqlResultTooLarge");
            assertThat(big.execution().error().message()).contains("1.0 MB", "CELLAR_SPOOL_LIMIT", "LIMIT");
            assertThat(files(spools.folder())).as("the partial spool is removed").isEmpty();

            SqlCellRunner.Result small = run(runner, "small", WIDE.formatted(1_000), spools);
            assertThat(small.execution().error()).isNull();
            Output.Table table = (Output.Table) small.execution().display();
            assertThat(table.rowCount()).isEqualTo(1_000);
            assertThat(spools.get(table.handle()).size()).isEqualTo(1_000);
        }
    }

    @Test
    void theLimitCountsTheOtherCellsResults() throws IOException {
        try (SqlDatabase db = SqlDatabase.forNotebook(dir.resolve("nb.py"), null, false, null, Secrets.ofThisProcess());
             ResultSpools spools = new ResultSpools(1 << 20)) {
            SqlCellRunner runner = new SqlCellRunner(db);
            assertThat(run(runner, "a", WIDE.formatted(5_000), spools).execution().error()).isNull();
            SqlCellRunner.Result b = run(runner, "b", WIDE.formatted(5_000), spools);
            assertThat(b.execution().error()).as("two results of ~600 kB do not both fit in 1 MiB").isNotNull();
            assertThat(b.execution().error().message()).contains("by other cells");

            spools.drop("a");
            assertThat(run(runner, "b", WIDE.formatted(5_000), spools).execution().error())
                    .as("room again once the other result is gone").isNull();
        }
    }

    @Test
    void theLimitIsReadFromTheEnvironmentWithUnits() {
        assertThat(dev.cellar.daemon.units.ByteSize.parse("500M", -1)).isEqualTo(500L << 20);
        assertThat(dev.cellar.daemon.units.ByteSize.parse("2G", -1)).isEqualTo(2L << 30);
        assertThat(dev.cellar.daemon.units.ByteSize.parse("lots", -1)).isEqualTo(-1);
    }

    private static SqlCellRunner.Result run(SqlCellRunner runner, String cell, String sql, ResultSpools spools) {
        spools.drop(cell);
        return runner.run(new CellRun(cell, 1, CellKind.SQL, sql, null), name -> null, SqlCellRunner.NO_FRAMES, 10,
                1_000_000, spools);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
