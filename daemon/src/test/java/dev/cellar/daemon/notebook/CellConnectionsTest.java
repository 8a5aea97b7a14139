package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.SqlCellsTest.table;
import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.protocol.config.NamedConnection;
import dev.cellar.protocol.config.NamedConnections;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several databases in one notebook: an SQL cell names its connection on its marker line
 * ({@code conn="@pg"}), the header allows it ({@code conns=@pg}), DuckDB stays the default and
 * reads Python variables; a connection added with autorun runs after an edit upstream; a cell
 * with {@code cache="on"} reuses its last result. PostgreSQL as {@link PostgresCellsTest} reaches
 * it (skipped with the reason without a server, a failure in CI); the connections file in a temp
 * folder ({@code cellar.config.dir}).
 */
class CellConnectionsTest {
    private static final String PASSWORD = "pg-secret-5150";

    @TempDir
    Path dir;
    String app;

    @BeforeEach
    void connections() throws Exception {
        System.setProperty("cellar.config.dir", dir.resolve("config").toString());
        app = "cellar_conn_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String url = PostgresCellsTest.URL + (PostgresCellsTest.URL.contains("?") ? "&" : "?") + "ApplicationName=" + app;
        Path file = dir.resolve("config/connections.json");
        // trust auth on the test server: the password is never checked, only never shown
        NamedConnections.put(file, new NamedConnection("pg", url, null, PASSWORD, false));
        NamedConnections.put(file, new NamedConnection("pgauto", url, null, null, true));
    }

    @AfterEach
    void noConnections() {
        System.clearProperty("cellar.config.dir");
    }

    private static void assumePostgres() {
        try (Connection c = DriverManager.getConnection(PostgresCellsTest.URL)) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must provide PostgreSQL at " + PostgresCellsTest.URL + ": " + e.getMessage(), e);
            }
            assumeTrue(false, "no PostgreSQL at " + PostgresCellsTest.URL + " (" + e.getMessage() + "); start one to run this test");
        }
    }

    private TestNotebook open(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return new TestNotebook(NotebookSession.open(name, file, false, TestDaemonParts.services()));
    }

    /** How many sessions this test's connections hold on the server. */
    private int serverSessions() throws SQLException {
        try (Connection admin = DriverManager.getConnection(PostgresCellsTest.URL); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aWarehouseQueryAndDuckDbOverItsPythonResultRunInOneNotebook() throws Exception {
        assumePostgres();
        String text = """
                # cellar: conns=@pg

                # %% [sql] id="orders" conn="@pg" out="orders"
                # SELECT n AS id, n * 10 AS amount, pg_backend_pid() > 0 AS on_postgres FROM generate_series(1, 5) AS n

                # %% id="pick"
                df = orders
                lo = 2

                # %% [sql] id="local"
                # SELECT sum(amount)::BIGINT AS total, count(*) AS n FROM df WHERE id > {lo}
                """;
        try (TestNotebook nb = open("both.py", text)) {
            assertThat(serverSessions()).as("a connection opens at its first cell, not before").isZero();
            nb.runAll();
            assertThat(table(nb.cell("orders")).rows()).hasSize(5)
                    .allSatisfy(r -> assertThat(r.get(2)).as("ran on PostgreSQL").isEqualTo(true));
            Output.Table local = table(nb.cell("local"));
            assertThat(local.rows()).containsExactly(java.util.List.of(120L, 3L)); // DuckDB over the Python variable df
            assertThat(serverSessions()).isEqualTo(1);

            var kernel = nb.snapshot().kernel();
            assertThat(kernel.sql()).isEqualTo("duckdb, unconfined (postgresql @pg)");
            assertThat(kernel.confinementLine()).contains("sql: duckdb (confined), unconfined (postgresql @pg)");
            assertThat(kernel.sqlUnconfined()).as("what the approvals read: one connection escapes the sandbox").isTrue();
            assertThat(Json.MAPPER.writeValueAsString(nb.snapshot())).doesNotContain(PASSWORD);
            assertThat(Files.readString(dir.resolve("both.py"))).isEqualTo(text).doesNotContain(PASSWORD);
        }
        dev.cellar.daemon.Await.poll("the server session to close with the notebook", () -> serverSessions() == 0);
    }

    @Test
    void listTablesReadsTheCatalogOfAConnectionCellsMayNameAndRefusesAnother() throws Exception {
        assumePostgres();
        String table = "cellar_conn_t_" + app.substring("cellar_conn_".length());
        try (Connection admin = DriverManager.getConnection(PostgresCellsTest.URL); Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, label text)");
        }
        try (TestNotebook nb = open("catalog.py", "# cellar: conns=@pg\n")) {
            var listing = nb.call(new Command.ListTables("@pg", "public", table));
            assertThat(listing.tables()).singleElement().satisfies(t -> assertThat(t.columns())
                    .extracting(dev.cellar.daemon.sql.Catalog.Column::name).containsExactly("id", "label"));
            assertThat(nb.call(new Command.ListTables("public", table)).tables()).as("the notebook's own: DuckDB").isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> nb.call(new Command.ListTables("@pgauto", null, null)))
                    .hasMessageContaining("names @pgauto, which the notebook's header does not allow");
        } finally {
            try (Connection admin = DriverManager.getConnection(PostgresCellsTest.URL); Statement s = admin.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Test
    void aCellNamingAConnectionTheHeaderDoesNotAllowIsRefusedWithTheLineToAdd() throws Exception {
        try (TestNotebook nb = open("refused.py", """
                # cellar: conns=@other

                # %% [sql] id="q" conn="@pg"
                # SELECT 1 AS one
                """)) {
            nb.runAll();
            CellInfo q = nb.cell("q");
            assertThat(q.status()).isEqualTo(CellStatus.ERROR);
            assertThat(q.error().ename()).isEqualTo("SqlConnectionNotAllowed");
            assertThat(q.error().message()).contains("names @pg", "# cellar: conns=@other,@pg", "a person must confirm",
                    "cellar confirm");
            assertThat(nb.snapshot().kernel().sql()).as("a refused connection is not one the notebook uses")
                    .doesNotContain("@pg");
        }
    }

    @Test
    void aFileEditThatMovesACellToAnotherConnectionMakesItsResultStale() throws Exception {
        String before = """
                # cellar: conns=@pg

                # %% [sql] id="q"
                # SELECT 42 AS answer
                """;
        try (TestNotebook nb = open("moved.py", before)) {
            nb.runAll();
            assertThat(nb.cell("q").status()).isEqualTo(CellStatus.OK);
            Files.writeString(dir.resolve("moved.py"), before.replace("id=\"q\"", "id=\"q\" conn=\"@pg\""));
            nb.call(new Command.SyncFile());
            CellInfo q = nb.cell("q");
            assertThat(q.conn()).isEqualTo("@pg");
            assertThat(q.status()).as("its result came from another database").isEqualTo(CellStatus.STALE);
            assertThat(nb.snapshot().kernel().sql()).isEqualTo("duckdb, unconfined (postgresql @pg)");
        }
    }

    @Test
    void aConnectionAddedWithAutorunRunsAfterAnEditUpstreamAndAPlainOneWaits() throws Exception {
        assumePostgres();
        try (TestNotebook nb = open("autorun.py", """
                # cellar: conns=@pg,@pgauto

                # %% id="limit"
                limit = 3

                # %% [sql] id="auto" conn="@pgauto"
                # SELECT n FROM generate_series(1, 10) AS n WHERE n <= {limit}

                # %% [sql] id="held" conn="@pg"
                # SELECT n FROM generate_series(1, 10) AS n WHERE n <= {limit}

                # %% [sql] id="duck" conn="duckdb"
                # SELECT {limit} * 2 AS twice
                """)) {
            nb.runAll();
            assertThat(table(nb.cell("held")).rowCount()).isEqualTo(3);

            nb.edit("limit", "limit = 5");
            nb.awaitQuiet();
            assertThat(table(nb.cell("auto")).rowCount()).as("--autorun: as on DuckDB").isEqualTo(5);
            assertThat(table(nb.cell("duck")).rows()).containsExactly(java.util.List.of(10L));
            assertThat(nb.cell("held").status()).as("a server's query waits for a person").isEqualTo(CellStatus.STALE);
        }
    }

    @Test
    void aRepeatedQueryWithCacheOnReusesItsResultUntilItsParametersChange() throws Exception {
        assumePostgres();
        try (TestNotebook nb = open("cache.py", """
                # cellar: conns=@pg

                # %% id="p"
                k = 2

                # %% [sql] id="cached" conn="@pg" cache="on"
                # SELECT random() AS r, clock_timestamp() AS at, {k} AS k

                # %% [sql] id="fresh" conn="@pg"
                # SELECT random() AS r, {k} AS k
                """)) {
            nb.runAll();
            Object first = table(nb.cell("cached")).rows().getFirst().getFirst();
            Object freshFirst = table(nb.cell("fresh")).rows().getFirst().getFirst();
            assertThat(text(nb.cell("cached"))).doesNotContain("reused");

            nb.runAndWait("cached", "fresh");
            assertThat(table(nb.cell("cached")).rows().getFirst().getFirst()).as("not queried again").isEqualTo(first);
            assertThat(text(nb.cell("cached"))).contains("reused the result made at", "same query, same parameters");
            dev.cellar.protocol.method.TableRows paged = nb.session.tableRows(TestNotebook.USER,
                    new dev.cellar.protocol.method.TableRowsParams(nb.session.id(), "cached", 0, 10))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(paged.rows().getFirst().getFirst()).as("the reused result still pages from its spool").isEqualTo(first);
            assertThat(table(nb.cell("fresh")).rows().getFirst().getFirst()).as("without cache=on: queried again")
                    .isNotEqualTo(freshFirst);

            nb.edit("p", "k = 3"); // the parameter's value changes: a new query
            nb.runAndWait("cached");
            assertThat(table(nb.cell("cached")).rows().getFirst()).doesNotContain(first).contains(3L);
            assertThat(text(nb.cell("cached"))).doesNotContain("reused");
        }
    }

    @Test
    void cacheOnWhereItCannotReuseSaysSoInsteadOfDoingNothingSilently() throws Exception {
        try (TestNotebook nb = open("nocache.py", """
                # %% [sql] id="duck" cache="on"
                # SELECT 1 AS one
                """)) {
            nb.runAll();
            assertThat(table(nb.cell("duck")).rows()).containsExactly(java.util.List.of(1L));
            assertThat(text(nb.cell("duck"))).contains("cache=\"on\" does nothing on DuckDB");

            nb.runAndWait("duck");
            assertThat(text(nb.cell("duck"))).doesNotContain("reused");
        }
        assumePostgres();
        try (TestNotebook nb = open("write.py", """
                # cellar: conns=@pg

                # %% [sql] id="make" conn="@pg" cache="on"
                # CREATE TEMP TABLE IF NOT EXISTS cache_probe (x int)
                """)) {
            nb.runAll();
            assertThat(text(nb.cell("make"))).contains("reuses queries only", "runs every time");
        }
    }
}
