package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.SqlCellsTest.sql;
import static dev.cellar.daemon.notebook.SqlCellsTest.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code FROM df} on DuckDB where {@code df} is a table in the kernel, as in DuckDB's Python
 * API: pandas DataFrames on CPython; on GraalPy (no pandas) the Table another SQL cell left
 * in Python, which crosses the same way.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestPython.class)
class SqlOverDataFramesTest {
    @Parameter
    TestPython python;

    @TempDir
    Path dir;

    @BeforeEach
    void salesCsv() throws Exception {
        SqlCellsTest.writeSales(dir);
    }

    private TestNotebook notebook(String name) {
        return SqlCellsTest.notebook(dir, name, python);
    }

    private static List<List<Object>> rows(CellInfo cell) {
        return table(cell).rows();
    }

    @Test
    void aTableInPythonIsQueriedByNameAndItsMakerIsUpstream() {
        try (TestNotebook nb = notebook("table.py")) {
            String load = sql(nb, "SELECT * FROM 'sales.csv'", "sales");
            String q = sql(nb, "SELECT region, SUM(amount) AS total FROM sales GROUP BY region ORDER BY region", "totals");
            nb.awaitQuiet();
            assertThat(nb.cell(q).refs()).contains("sales");
            assertThat(rows(nb.cell(q))).containsExactly(List.of("east", new java.math.BigInteger("300")),
                    List.of("north", new java.math.BigInteger("160")), List.of("south", new java.math.BigInteger("80")));

            nb.edit(load, "SELECT * FROM 'sales.csv' WHERE region <> 'east'");
            nb.awaitQuiet();
            assertThat(rows(nb.cell(q))).extracting(r -> r.get(0)).containsExactly("north", "south");
        }
    }

    @Test
    void aPandasDataFrameIsQueriedByNameWithItsTypesAndEditingItRerunsTheQuery() {
        assumeTrue(python == TestPython.CPYTHON && TestPython.cpythonHas("pandas"), "pandas on CPython");
        try (TestNotebook nb = notebook("frames.py")) {
            String make = nb.add("""
                    import pandas as pd
                    df = pd.DataFrame({"region": ["north", "south", None, "north"], "amount": [1, 2, 3, 4],
                                       "share": [0.5, float("nan"), 1.5, 2.0], "ok": [True, False, True, True],
                                       "ts": pd.to_datetime(["2026-01-03", "2026-01-04", None, "2026-01-05 10:30"]),
                                       "n": pd.array([1, None, 3, 4], dtype="Int64")})""");
            String q = sql(nb, "SELECT region, SUM(amount) AS total FROM df GROUP BY region ORDER BY region NULLS LAST",
                    "totals");
            String types = sql(nb, "SELECT typeof(region), typeof(amount), typeof(share), typeof(ok), typeof(ts), typeof(n),"
                    + " COUNT(share) AS shares, COUNT(n) AS ns, CAST(MAX(ts) AS VARCHAR) AS latest FROM df GROUP BY ALL", null);
            nb.awaitQuiet();
            assertThat(nb.cell(q).refs()).contains("df");
            assertThat(rows(nb.cell(q))).containsExactly(List.of("north", new java.math.BigInteger("5")),
                    List.of("south", new java.math.BigInteger("2")), java.util.Arrays.asList(null, new java.math.BigInteger("3")));
            assertThat(rows(nb.cell(types))).containsExactly(List.of("VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMP",
                    "BIGINT", 3L, 3L, "2026-01-05 10:30:00"));

            nb.edit(make, "import pandas as pd\ndf = pd.DataFrame({'region': ['west'], 'amount': [7]})");
            nb.awaitQuiet();
            assertThat(rows(nb.cell(q))).containsExactly(List.of("west", new java.math.BigInteger("7")));
            assertThat(nb.cell(types).status()).as("the other reader re-ran too: df has other columns now")
                    .isEqualTo(CellStatus.ERROR);
        }
    }

    @Test
    void aRealTableOfTheSameNameWinsAndTheViewIsGoneAfterTheCell() {
        try (TestNotebook nb = notebook("wins.py")) {
            sql(nb, "SELECT 'from python' AS origin", "t");
            String q = sql(nb, "SELECT origin FROM t", null);
            nb.awaitQuiet();
            assertThat(rows(nb.cell(q))).containsExactly(List.of("from python"));
            String views = sql(nb, "SELECT COUNT(*) AS n FROM duckdb_views() WHERE NOT internal", null);
            nb.awaitQuiet();
            assertThat(rows(nb.cell(views))).as("no view of t left behind").containsExactly(List.of(0L));

            sql(nb, "CREATE OR REPLACE TABLE t AS SELECT 'the table' AS origin", null);
            nb.awaitQuiet();
            nb.runAndWait(q);
            assertThat(rows(nb.cell(q))).containsExactly(List.of("the table"));
        }
    }

    @Test
    void aPlaceholderWhereATableGoesIsTheTableNotAQuestionMark() {
        try (TestNotebook nb = notebook("brace.py")) {
            sql(nb, "SELECT * FROM 'sales.csv'", "clean");
            String q = sql(nb, "SELECT COUNT(*) AS n FROM {clean} WHERE amount > {low}", null);
            nb.add("low = 50");
            nb.awaitQuiet();
            assertThat(nb.cell(q).refs()).contains("clean", "low");
            assertThat(rows(nb.cell(q))).containsExactly(List.of(3L));
        }
    }

    @Test
    void aNameThatIsNoTableInPythonIsDuckDbsOwnError() {
        try (TestNotebook nb = notebook("missing.py")) {
            nb.add("x = 5");
            String q = sql(nb, "SELECT * FROM x", null);
            nb.awaitQuiet();
            CellInfo cell = nb.cell(q);
            assertThat(cell.status()).isEqualTo(CellStatus.ERROR);
            assertThat(cell.error().message()).contains("Table with name x does not exist");
        }
    }

    @Test
    void aTableOverTheTransferLimitIsRefusedWithTheLimitNamed() {
        Map<String, String> env = new HashMap<>(python.environment());
        env.put("CELLAR_SQL_FRAME_MAX_MB", "1");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("big.py", dir.resolve("big.py"), true,
                TestDaemonParts.services(new NotebookStore(), TestDaemonParts.withTrustRecords(env))))) {
            sql(nb, "SELECT range AS i, range * 0.5 AS x FROM range(200000)", "big");
            String q = sql(nb, "SELECT COUNT(*) FROM big", null);
            nb.awaitQuiet();
            CellInfo cell = nb.cell(q);
            assertThat(cell.status()).isEqualTo(CellStatus.ERROR);
            assertThat(cell.error().ename()).isEqualTo("SqlFrameError");
            assertThat(cell.error().message()).contains("big is larger than the 1 MiB").contains("CELLAR_SQL_FRAME_MAX_MB");
        }
    }
}
