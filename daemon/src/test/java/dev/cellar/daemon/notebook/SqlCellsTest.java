package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL cells on the embedded DuckDB, reactive with Python cells in both directions. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestPython.class)
class SqlCellsTest {
    @Parameter
    TestPython python;

    @TempDir
    Path dir;

    @BeforeEach
    void salesCsv() throws Exception {
        writeSales(dir);
    }

    static void writeSales(Path dir) throws java.io.IOException {
        Files.writeString(dir.resolve("sales.csv"), """
                region,amount,day
                north,120,2026-01-03
                south,80,2026-01-04
                north,40,2026-01-05
                east,300,2026-01-05
                """);
    }

    private TestNotebook notebook(String name) {
        return notebook(dir, name, python);
    }

    static TestNotebook notebook(Path dir, String name, TestPython python) {
        return new TestNotebook(NotebookSession.open(name, dir.resolve(name), true, TestDaemonParts.services(python)));
    }

    static String sql(TestNotebook nb, String code, String out) {
        return (nb.call(new Command.CreateCell(CellKind.SQL, code, null, null, out))).cell().id();
    }

    static Output.Table table(CellInfo cell) {
        assertThat(cell.status()).as("%s: %s", cell.id(), cell.error()).isEqualTo(CellStatus.OK);
        return (Output.Table) cell.outputs().stream().filter(o -> o instanceof Output.Table).findFirst().orElseThrow();
    }

    @Test
    void aCellChangedToSqlWithAnOutNameRunsAsSqlFeedsItsReadersAndIsSavedAsSql() throws Exception {
        try (TestNotebook nb = notebook("kind.py")) {
            String cell = nb.add("SELECT 41 + 1 AS answer");
            String reader = nb.add("rows[0]['answer']");
            CellInfo sql = (nb.call(new Command.UpdateCell(cell, "SELECT 41 + 1 AS answer", null, true,
                    CellKind.SQL, "rows"))).cell();
            assertThat(sql.kind()).isEqualTo(CellKind.SQL);
            assertThat(sql.out()).isEqualTo("rows");
            assertThat(sql.defs()).contains("rows");
            nb.awaitQuiet();
            assertThat(table(nb.cell(cell)).rowCount()).isEqualTo(1);
            assertThat(text(nb.cell(reader))).isEqualTo("42");
            assertThat(Files.readString(dir.resolve("kind.py"))).contains("[sql] id=\"" + cell + "\"").contains("out=\"rows\"")
                    .contains("# SELECT 41 + 1 AS answer");

            CellInfo back = (nb.call(new Command.UpdateCell(cell, "rows = [{'answer': 7}]", null, true,
                    CellKind.PYTHON, null))).cell();
            assertThat(back.kind()).isEqualTo(CellKind.PYTHON);
            assertThat(back.out()).as("a Python cell has no result variable").isNull();
            nb.awaitQuiet();
            assertThat(text(nb.cell(reader))).isEqualTo("7");
        }
    }

    @Test
    void aCsvFileBesideTheNotebookIsQueriedAndTheResultIsATableInPython() {
        try (TestNotebook nb = notebook("csv.py")) {
            String q = sql(nb, "SELECT region, SUM(amount) AS total, COUNT(*) AS n\nFROM 'sales.csv'\n"
                    + "GROUP BY region ORDER BY region", "totals");
            String py = nb.add("[(r['region'], r['total'], r['n']) for r in totals], len(totals), totals.columns");
            nb.awaitQuiet();

            Output.Table out = table(nb.cell(q));
            assertThat(out.columns()).extracting(Output.Column::name).containsExactly("region", "total", "n");
            assertThat(out.rowCount()).isEqualTo(3);
            assertThat(out.rows().getFirst()).containsExactly("east", new java.math.BigInteger("300"), 1L);
            assertThat(nb.cell(py).refs()).containsExactly("totals");
            assertThat(text(nb.cell(py))).isEqualTo(
                    "([('east', 300, 1), ('north', 160, 2), ('south', 80, 1)], 3, ['region', 'total', 'n'])");
        }
    }

    @Test
    void aPythonVariableIsAParameterAndChangingItRerunsTheQueryAndItsReaders() {
        try (TestNotebook nb = notebook("param.py")) {
            String threshold = nb.add("threshold = 100");
            String q = sql(nb, "SELECT * FROM 'sales.csv' WHERE amount > {threshold} ORDER BY amount", "big");
            String count = nb.add("len(big)");
            nb.awaitQuiet();
            assertThat(nb.cell(q).refs()).containsExactly("threshold");
            assertThat(nb.cell(q).defs()).containsExactly("big");
            assertThat(text(nb.cell(count))).isEqualTo("2");

            nb.edit(threshold, "threshold = 50");
            nb.awaitQuiet();
            assertThat(table(nb.cell(q)).rowCount()).isEqualTo(3);
            assertThat(text(nb.cell(count))).isEqualTo("3");
        }
    }

    @Test
    void sqlCellsChainThroughTheTablesTheyCreate() {
        try (TestNotebook nb = notebook("chain.py")) {
            String make = sql(nb, "CREATE OR REPLACE TABLE clean AS SELECT * FROM 'sales.csv' WHERE amount > 50", null);
            String use = sql(nb, "SELECT COUNT(*) AS n FROM clean", "c");
            String py = nb.add("c[0]['n']");
            nb.awaitQuiet();
            assertThat(nb.cell(make).defs()).containsExactly("table:clean");
            assertThat(nb.cell(use).refs()).as("the table, or a DataFrame of its name").containsExactly("clean", "table:clean");
            assertThat(text(nb.cell(py))).isEqualTo("3");

            nb.edit(make, "CREATE OR REPLACE TABLE clean AS SELECT * FROM 'sales.csv' WHERE amount > 100");
            nb.awaitQuiet();
            assertThat(text(nb.cell(py))).isEqualTo("2");
        }
    }

    @Test
    void aParameterIsAlwaysAValueNeverSql() {
        try (TestNotebook nb = notebook("inject.py")) {
            sql(nb, "CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES ('a'), ('b')) v(label)", null);
            nb.add("name = \"'; DROP TABLE t; --\"");
            String q = sql(nb, "SELECT * FROM t WHERE label = {name}", "hits");
            nb.awaitQuiet();
            assertThat(table(nb.cell(q)).rowCount()).isZero();
            String still = sql(nb, "SELECT COUNT(*) AS n FROM t", null);
            nb.awaitQuiet();
            assertThat(table(nb.cell(still)).rows().getFirst()).containsExactly(2L);
        }
    }

    @Test
    void unknownAndUnbindableParametersAreClearErrors() {
        try (TestNotebook nb = notebook("params.py")) {
            String unknown = sql(nb, "SELECT {nowhere} AS x", null);
            nb.add("things = [1, 2]");
            String list = sql(nb, "SELECT {things} AS x", null);
            nb.awaitQuiet();
            nb.runAndWait(unknown);
            assertThat(nb.cell(unknown).error().ename()).isEqualTo("SqlParameterError");
            assertThat(nb.cell(unknown).error().message()).contains("{nowhere}", "define nowhere");
            assertThat(nb.cell(list).error().message()).contains("{things} is a list");
        }
    }

    @Test
    void anSqlErrorCarriesTheDatabasesMessageAndTheLineInTheCell() {
        try (TestNotebook nb = notebook("error.py")) {
            String bad = sql(nb, "SELECT 1;\n\nSELECT *\nFORM 'sales.csv'", null);
            nb.awaitQuiet();
            CellInfo cell = nb.cell(bad);
            assertThat(cell.status()).isEqualTo(CellStatus.ERROR);
            assertThat(cell.error().ename()).isEqualTo("SqlError");
            assertThat(cell.error().message()).containsIgnoringCase("syntax error").contains("FORM");
            assertThat(cell.error().line()).isEqualTo(4);
        }
    }

    @Test
    void statementsRunInOrderAndARowlessLastStatementReportsItsCount() {
        try (TestNotebook nb = notebook("dml.py")) {
            String q = sql(nb, "CREATE OR REPLACE TABLE x (a INTEGER);\nINSERT INTO x VALUES (1), (2), (3)", null);
            nb.awaitQuiet();
            assertThat(text(nb.cell(q))).isEqualTo("3 rows affected");
        }
    }

    @Test
    void aTableValueBehavesLikeAListOfDictsWithPythonTypes() {
        try (TestNotebook nb = notebook("types.py")) {
            sql(nb, "SELECT 1 AS i, 2.5::DOUBLE AS f, 1.10::DECIMAL(5,2) AS d, DATE '2026-01-02' AS day,"
                    + " TIMESTAMP '2026-01-02 03:04:05' AS ts, NULL::VARCHAR AS nothing, true AS b, 'x' AS s", "t");
            String py = nb.add("""
                    r = t[0]
                    [type(r[k]).__name__ for k in t.columns], r['d'], str(r['day']), str(r['ts']), \
                    t[-1] == t.to_dicts()[0], t['i'], t[0:1] == [r]""");
            nb.awaitQuiet();
            assertThat(text(nb.cell(py))).isEqualTo("(['int', 'float', 'Decimal', 'date', 'datetime', 'NoneType', "
                    + "'bool', 'str'], Decimal('1.10'), '2026-01-02', '2026-01-02 03:04:05', True, [1], True)");
        }
    }

    @Test
    void aMillionRowResultIsCountedAndPreviewedNotPrintedWhole() {
        try (TestNotebook nb = notebook("million.py")) {
            String q = sql(nb, "SELECT range AS i, range % 7 AS k FROM range(1000000)", "big");
            String py = nb.add("len(big), sum(big['i']), sum(1 for r in big if r['k'] == 3)");
            nb.awaitQuiet();
            Output.Table out = table(nb.cell(q));
            assertThat(out.rowCount()).isEqualTo(1_000_000);
            assertThat(out.rows()).hasSize(50);
            assertThat(text(nb.cell(py))).isEqualTo("(1000000, 499999500000, 142857)");
        }
    }

    @Test
    void aLongQueryIsInterruptedAndTheDatabaseStaysUsable() {
        try (TestNotebook nb = notebook("interrupt.py")) {
            String slow = sql(nb, "SELECT COUNT(*) FROM range(20000000) a, range(20000) b WHERE (a.range * b.range) % 7 = 3",
                    null);
            nb.awaitStatus(slow, CellStatus.RUNNING);
            TestNotebook.sleep(200); // inside DuckDB's execution, not before it
            long start = System.nanoTime();
            nb.call(new Command.Interrupt());
            nb.awaitStatus(slow, CellStatus.INTERRUPTED);
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to interrupt").isLessThan(5000);
            String after = sql(nb, "SELECT 42::BIGINT AS answer", null);
            nb.awaitQuiet();
            assertThat(table(nb.cell(after)).rows().getFirst()).containsExactly(42L);
        }
    }

    @Test
    void withDuckdbFileTheTablesLiveInAFileBesideTheNotebookAndOutliveTheDaemon() throws Exception {
        Path file = dir.resolve("kept.py");
        Files.writeString(file, "# cellar: duckdb=file\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("k1", file, false, TestDaemonParts.services(python)))) {
            sql(nb, "CREATE OR REPLACE TABLE kept AS SELECT 7 AS seven", null);
            nb.awaitQuiet();
        }
        assertThat(dir.resolve("kept.duckdb")).exists();
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("k2", file, false, TestDaemonParts.services(python)))) {
            // without the cell that made it, the table can only come from the file
            nb.call(new Command.DeleteCell(nb.snapshot().cells().getFirst().id(), null));
            String read = sql(nb, "SELECT seven FROM kept", null);
            nb.awaitQuiet();
            assertThat(table(nb.cell(read)).rows().getFirst()).containsExactly(7L);
        }
    }

    @Test
    void sqlCannotReadFilesOutsideTheNotebooksFolder() {
        try (TestNotebook nb = notebook("outside.py")) {
            String q = sql(nb, "SELECT * FROM read_csv('/etc/passwd')", null);
            nb.awaitQuiet();
            assertThat(nb.cell(q).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(q).error().message()).containsIgnoringCase("permission");
        }
    }
}
