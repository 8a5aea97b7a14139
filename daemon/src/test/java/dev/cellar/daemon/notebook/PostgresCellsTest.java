package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.SqlCellsTest.sql;
import static dev.cellar.daemon.notebook.SqlCellsTest.table;
import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL cells against a real PostgreSQL on 127.0.0.1:5432 (CELLAR_TEST_PG_URL overrides).
 * Without a server the tests are skipped with a message, except in CI (CI=true), where
 * .ci/run starts one and its absence is a failure.
 */
class PostgresCellsTest {
    static final String URL = System.getenv().getOrDefault("CELLAR_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    @TempDir
    Path dir;
    String app;
    String table;

    @BeforeAll
    static void serverIsThere() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must provide PostgreSQL at " + URL + ": " + e.getMessage(), e);
            }
            assumeTrue(false, "no PostgreSQL at " + URL + " (" + e.getMessage() + "); start one to run these tests");
        }
    }

    @BeforeEach
    void names() {
        String id = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        app = "cellar_test_" + id;
        table = "cellar_t_" + id;
    }

    @AfterEach
    void dropTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** A notebook on the server whose SQL cells autorun as DuckDB's do, so these tests are about SQL, not the hold. */
    private TestNotebook notebook(String name) throws Exception {
        return notebook(name, "sql-autorun=on");
    }

    private TestNotebook notebook(String name, String settings) throws Exception {
        Path file = dir.resolve(name);
        String url = URL + (URL.contains("?") ? "&" : "?") + "ApplicationName=" + app;
        Files.writeString(file, "# cellar: sql=" + url + " " + settings + "\n");
        return new TestNotebook(NotebookSession.open(name, file, false, TestDaemonParts.services()));
    }

    @Test
    void aServersSqlCellsWaitForAPersonAfterAnEditUpstream() throws Exception {
        try (TestNotebook nb = notebook("hold.py", "")) {
            String limit = nb.add("limit = 3");
            String pick = sql(nb, "SELECT n FROM generate_series(1, 10) AS n WHERE n <= {limit} ORDER BY n", "small");
            String total = nb.add("sum(r['n'] for r in small)");
            nb.awaitQuiet();
            assertThat(nb.cell(pick).status()).as("made, not run: a query on a server waits to be asked for")
                    .isEqualTo(CellStatus.IDLE);

            nb.runAndWait(pick);
            assertThat(text(nb.cell(total))).as("an explicit run runs what is downstream").isEqualTo("6");

            nb.edit(limit, "limit = 5");
            nb.awaitQuiet();
            assertThat(nb.cell(limit).status()).as("Python upstream still autoruns").isEqualTo(CellStatus.OK);
            assertThat(nb.cell(pick).status()).as("the query is not re-run by the edit").isEqualTo(CellStatus.STALE);
            assertThat(nb.cell(total).status()).as("nor what reads its result").isEqualTo(CellStatus.STALE);
            assertThat(nb.cell(pick).outputs()).as("the last result is still shown").isNotEmpty();

            nb.runAndWait(pick);
            assertThat(table(nb.cell(pick)).rowCount()).isEqualTo(5);
            assertThat(text(nb.cell(total))).isEqualTo("15");
        }
    }

    @Test
    void theReactiveChainWorksOnPostgres() throws Exception {
        try (TestNotebook nb = notebook("chain.py")) {
            String limit = nb.add("limit = 3");
            String make = sql(nb, "DROP TABLE IF EXISTS " + table + ";\nCREATE TABLE " + table
                    + " AS SELECT generate_series(1, 10) AS n", null);
            String pick = sql(nb, "SELECT n FROM " + table + " WHERE n <= {limit} ORDER BY n", "small");
            String total = nb.add("sum(r['n'] for r in small)");
            nb.awaitQuiet();
            assertThat(nb.cell(make).defs()).containsExactly("table:" + table);
            // the table's name is read as a Python variable too (SqlNames: on DuckDB a DataFrame of that name
            // stands in for a missing table; the analysis does not know the connection, so it reads it here too)
            assertThat(nb.cell(pick).refs()).containsExactlyInAnyOrder("limit", "table:" + table, table);
            assertThat(text(nb.cell(total))).isEqualTo("6");

            nb.edit(limit, "limit = 5");
            nb.awaitQuiet();
            assertThat(table(nb.cell(pick)).rowCount()).isEqualTo(5);
            assertThat(text(nb.cell(total))).isEqualTo("15");
        }
    }

    @Test
    void aLargeServerResultIsStreamedToASpoolAndPagedFromIt() throws Exception {
        try (TestNotebook nb = notebook("stream.py")) {
            String q = sql(nb, "SELECT n, 'row ' || n AS label FROM generate_series(1, 300000) AS n", null);
            nb.awaitQuiet();
            Output.Table out = table(nb.cell(q));
            assertThat(out.rowCount()).isEqualTo(300000);
            assertThat(out.rows()).hasSizeLessThanOrEqualTo(50); // the daemon holds the preview, not the result
            assertThat(out.handle()).matches("\\d+\\.sql:\\d+");
            dev.cellar.protocol.method.TableRows end = nb.session.tableRows(TestNotebook.USER,
                    new dev.cellar.protocol.method.TableRowsParams(nb.session.id(), q, 299_998, 10)).get(60,
                    java.util.concurrent.TimeUnit.SECONDS);
            assertThat(end.rows()).containsExactly(java.util.List.of(299_999L, "row 299999"),
                    java.util.List.of(300_000L, "row 300000"));
            // the read transaction the stream ran in is over: the connection is back in autocommit
            String make = sql(nb, "CREATE TABLE " + table + " AS SELECT 1 AS x", null);
            nb.awaitQuiet();
            try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("%s", nb.cell(make)).isEqualTo(1);
            }
        }
    }

    @Test
    void aFiveMillionRowServerResultKeepsTheDaemonsHeapBounded() throws Exception {
        try (TestNotebook nb = notebook("five.py")) {
            long before = heapAfterGc();
            String q = sql(nb, "SELECT n, 'row ' || n AS label, n * 0.5 AS half FROM generate_series(1, 5000000) AS n",
                    null);
            nb.awaitQuiet();
            Output.Table out = table(nb.cell(q));
            assertThat(out.rowCount()).isEqualTo(5_000_000);
            long after = heapAfterGc();
            System.out.printf("5M-row PostgreSQL result: heap after GC %d MiB before, %d MiB holding the result%n",
                    before >> 20, after >> 20);
            // held in memory, 5M rows of a long, a text and a number take well over 300 MiB
            assertThat(after - before).as("heap growth while the daemon holds a 5M-row result")
                    .isLessThan(64L << 20);
            dev.cellar.protocol.method.TableRows last = nb.session.tableRows(TestNotebook.USER,
                    new dev.cellar.protocol.method.TableRowsParams(nb.session.id(), q, 4_999_999, 10)).get(60,
                    java.util.concurrent.TimeUnit.SECONDS);
            assertThat(last.rows()).hasSize(1);
            assertThat(last.rows().getFirst().getFirst()).isEqualTo(5_000_000L);
        }
    }

    private static long heapAfterGc() {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the least of a few full collections: other tests' threads allocate too
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    @Test
    void aQueryMadeStaleDuringAnAutorunIsNotStartedByIt() throws Exception {
        try (TestNotebook nb = notebook("during.py", "")) {
            String slow = nb.add("import time\ntime.sleep(float(0))\nu = 1");
            String query = sql(nb, "SELECT 10 AS v", "q");
            String both = nb.add("q[0]['v'] + u");
            nb.runAndWait(slow, query);
            assertThat(text(nb.cell(both))).isEqualTo("11");

            nb.edit(slow, "import time\ntime.sleep(3)\nu = 2"); // the autorun plans it and its reader
            nb.awaitStatus(slow, CellStatus.RUNNING);
            nb.edit(query, "SELECT 20 AS v"); // the query goes stale while the reader waits in the queue
            nb.awaitQuiet();
            assertThat(nb.cell(slow).status()).isEqualTo(CellStatus.OK);
            assertThat(nb.cell(query).status()).as("no autorun starts the query, not even for a queued reader")
                    .isEqualTo(CellStatus.STALE);
            assertThat(nb.cell(both).status()).isEqualTo(CellStatus.STALE);

            nb.runAndWait(query);
            assertThat(text(nb.cell(both))).isEqualTo("22");
        }
    }

    @Test
    void listTablesNamesTablesNotTheirIndexesOrSequences() throws Exception {
        try (TestNotebook nb = notebook("catalog.py")) {
            String make = sql(nb, "DROP TABLE IF EXISTS " + table + ";\nCREATE TABLE " + table
                    + " (id serial PRIMARY KEY, name text NOT NULL)", null);
            nb.awaitQuiet();
            assertThat(nb.cell(make).status()).as("%s", nb.cell(make).error()).isEqualTo(CellStatus.OK);
            var all = nb.call(new Command.ListTables("public", null));
            assertThat(all.tables()).extracting(dev.cellar.daemon.sql.Catalog.Table::name).contains(table)
                    .noneMatch(n -> n.startsWith(table + "_"));
            var one = nb.call(new Command.ListTables("public", table));
            assertThat(one.tables()).singleElement().satisfies(t -> assertThat(t.columns())
                    .extracting(dev.cellar.daemon.sql.Catalog.Column::name).containsExactly("id", "name"));
        }
    }

    @Test
    void postgresTypesArriveAsTheRightPythonValues() throws Exception {
        try (TestNotebook nb = notebook("types.py")) {
            String q = sql(nb, "SELECT 1::int AS i, 9000000000::bigint AS b, 3.25::numeric(10,2) AS num, 'txt'::text AS t,"
                    + " TIMESTAMP '2026-01-02 03:04:05' AS ts, NULL::int AS nothing", "row");
            String py = nb.add("r = row[0]\n[(k, type(v).__name__, str(v)) for k, v in r.items()]");
            nb.awaitQuiet();
            Output.Table out = table(nb.cell(q));
            assertThat(out.columns()).extracting(Output.Column::type)
                    .containsExactly("int4", "int8", "numeric", "text", "timestamp", "int4");
            assertThat(text(nb.cell(py))).isEqualTo("[('i', 'int', '1'), ('b', 'int', '9000000000'), "
                    + "('num', 'Decimal', '3.25'), ('t', 'str', 'txt'), ('ts', 'datetime', '2026-01-02 03:04:05'), "
                    + "('nothing', 'NoneType', 'None')]");
        }
    }

    @Test
    void aLostConnectionIsReportedAndReopenedOnTheNextRun() throws Exception {
        try (TestNotebook nb = notebook("lost.py")) {
            String q = sql(nb, "SELECT 1 AS one", null);
            nb.awaitQuiet();
            assertThat(nb.cell(q).status()).isEqualTo(CellStatus.OK);

            try (Connection admin = DriverManager.getConnection(URL); Statement s = admin.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app + "'");
            }
            nb.runAndWait(q);
            assertThat(nb.cell(q).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(q).error().ename()).isEqualTo("SqlConnectionLost");
            assertThat(nb.cell(q).error().message()).contains("reopened on the next run").doesNotContain("password");

            nb.runAndWait(q);
            assertThat(nb.cell(q).status()).isEqualTo(CellStatus.OK);
        }
    }

    @Test
    void anErrorPointsAtItsLineInTheCell() throws Exception {
        try (TestNotebook nb = notebook("error.py")) {
            String q = sql(nb, "SELECT 1;\nSELECT\n  nope_column\nFROM pg_class", null);
            nb.awaitQuiet();
            assertThat(nb.cell(q).error().ename()).isEqualTo("SqlError");
            assertThat(nb.cell(q).error().message()).contains("nope_column");
            assertThat(nb.cell(q).error().line()).isEqualTo(3);
        }
    }
}
