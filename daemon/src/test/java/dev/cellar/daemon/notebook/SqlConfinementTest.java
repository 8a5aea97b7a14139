package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded DuckDB keeps to the notebook's folder like cell code: a database file named
 * in the header cannot lie elsewhere, and large queries spill into a folder of the
 * notebook's own, not into the daemon's working directory (shared by every notebook).
 */
@org.junit.jupiter.api.Timeout(180)
class SqlConfinementTest {
    @TempDir
    Path dir;

    private static CellInfo runSql(TestNotebook nb, String code) {
        String id = (nb.call(new Command.CreateCell(CellKind.SQL, code, null, null, null, false, false))).cell().id();
        return nb.runAndWait(id).cells().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private TestNotebook open(Path folder, String header) throws Exception {
        Path file = folder.resolve("db.py");
        Files.writeString(file, header + "\n");
        return new TestNotebook(NotebookSession.open("db", file, false, TestDaemonParts.services()));
    }

    private static List<String> column(CellInfo cell) {
        assertThat(cell.status()).as("%s", cell.error()).isEqualTo(CellStatus.OK);
        Output.Table t = (Output.Table) cell.outputs().stream().filter(o -> o instanceof Output.Table).findFirst().orElseThrow();
        return t.rows().stream().map(r -> String.valueOf(r.getFirst())).toList();
    }

    /** Issue 20: one notebook cannot lift the daemon's caps on DuckDB (memory, threads), nor unlock the rest. */
    @ParameterizedTest
    @ValueSource(strings = {"", "# cellar: duckdb=file"})
    void duckDbSettingsAreLockedAfterSetUp(String header) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("locked"));
        try (TestNotebook nb = open(folder, header)) {
            String before = column(runSql(nb, "SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t"))
                    .getFirst();
            for (String change : new String[] {"SET memory_limit = '100TB'", "SET threads = 512", "SET GLOBAL threads = 512",
                "SET SESSION memory_limit = '100TB'", "RESET memory_limit", "PRAGMA memory_limit = '100TB'",
                "SET max_memory = '100TB'", "SET worker_threads = 512", "SET lock_configuration = false",
                "SET enable_external_access = true", "SET allowed_directories = ['/']"}) {
                CellInfo refused = runSql(nb, change);
                assertThat(refused.status()).as(change).isEqualTo(CellStatus.ERROR);
                assertThat(refused.error().message()).as(change).contains("configuration has been locked")
                        .contains("daemon's to choose");
            }
            assertThat(column(runSql(nb, "SELECT current_setting('memory_limit') AS m"))).containsExactly(before);
            assertThat(column(runSql(nb, "SELECT 41 + 1 AS answer"))).containsExactly("42");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABSOLUTE", "../escaped.duckdb", "sub/../../escaped.duckdb", "link/escaped.duckdb"})
    void aDatabaseFileOutsideTheFolderIsRefusedAndNotCreated(String name) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("nb"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createDirectory(folder.resolve("sub"));
        Files.createSymbolicLink(folder.resolve("link"), dir);
        String url = "jdbc:duckdb:" + (name.equals("ABSOLUTE") ? elsewhere.resolve("x.duckdb").toString() : name);
        try (TestNotebook nb = open(folder, "# cellar: sql=" + url)) {
            CellInfo refused = runSql(nb, "CREATE TABLE t AS SELECT 1 AS one");
            assertThat(refused.status()).isEqualTo(CellStatus.ERROR);
            assertThat(refused.error().ename()).isEqualTo("SqlRefused");
            assertThat(refused.error().message()).contains(url, "outside the notebook's folder");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("duckdb"))).isEmpty();
        }
    }

    @Test
    void inANotebookSavedInHomeSqlCannotReadTheUsersSecretsEvenThroughALink() throws Exception {
        Path home = FakeHome.in(dir);
        Files.createDirectories(home.resolve(".config/other"));
        Files.writeString(home.resolve(".config/other/settings.csv"), "k,v\na,1\n");
        Files.writeString(home.resolve("sales.csv"), "region,amount\nnorth,120\n");
        Files.createSymbolicLink(home.resolve("keys"), home.resolve(".ssh"));
        Path file = home.resolve("db.py");
        Files.writeString(file, "");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("db", file, false,
                TestDaemonParts.services(new NotebookStore(), TestPython.GRAALPY, home)))) {
            for (String secret : List.of(".ssh/id_ed25519", "keys/id_ed25519", ".config/cellar/assistant.properties",
                    home.resolve(".ssh/id_ed25519").toString())) {
                CellInfo read = runSql(nb, "SELECT content FROM read_text('" + secret + "')");
                assertThat(read.status()).as(secret).isEqualTo(CellStatus.ERROR);
                assertThat(read.error().message()).as(secret).contains("Permission Error");
            }
            assertThat(column(runSql(nb, "SELECT region FROM read_csv('sales.csv')"))).containsExactly("north");
            assertThat(column(runSql(nb, "SELECT k FROM read_csv('.config/other/settings.csv')"))).containsExactly("a");
        }
    }

    @Test
    void aRelativeDatabaseFileIsCreatedInTheNotebooksFolderNotTheDaemonsWorkingDirectory() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("nb"));
        try (TestNotebook nb = open(folder, "# cellar: sql=jdbc:duckdb:kept.duckdb")) {
            CellInfo created = runSql(nb, "CREATE TABLE t AS SELECT 1 AS one");
            assertThat(created.status()).as("%s", created.error()).isEqualTo(CellStatus.OK);
        }
        assertThat(folder.resolve("kept.duckdb")).exists();
        assertThat(Path.of("kept.duckdb")).doesNotExist();
    }

    @Test
    void aLargeQuerySpillsIntoAPrivateFolderThatIsRemovedWhenTheNotebookCloses() throws Exception {
        Path cwdTmp = Path.of(".tmp").toAbsolutePath();
        List<String> cwdBefore = listing(cwdTmp);
        Path temp;
        // the daemon's caps (a cell can no longer lower them itself: DuckDB's settings are locked after set-up)
        var base = TestDaemonParts.services();
        var capped = new SessionServices(base.store(), base.interpreters(), base.analyzers(),
                spec -> new dev.cellar.daemon.kernel.NotebookKernel(spec, null,
                        new dev.cellar.daemon.sql.DuckDbCaps("30MB", 1)), base.timers(), false);
        Path file = Files.createDirectory(dir.resolve("nb")).resolve("db.py");
        Files.writeString(file, "\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("db", file, false, capped))) {
            temp = Path.of(column(runSql(nb, "SELECT current_setting('temp_directory')")).getFirst());
            assertThat(column(runSql(nb, "SELECT current_setting('threads')"))).containsExactly("1");
            assertThat(temp.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp))).isEqualTo("rwx------");
            // the table outgrows the memory limit: DuckDB keeps it (and the sort's runs) in temp files
            CellInfo big = runSql(nb, "CREATE TABLE big AS SELECT i, md5(i::VARCHAR) AS h FROM range(3000000) t(i);"
                    + " SELECT count(*) FROM (SELECT * FROM big ORDER BY h)");
            assertThat(column(big)).containsExactly("3000000");
            List<String> spilled = column(runSql(nb, "SELECT path FROM duckdb_temporary_files()"));
            assertThat(spilled).isNotEmpty().allSatisfy(p -> assertThat(Path.of(p)).startsWith(temp));
            CellInfo moved = runSql(nb, "SET temp_directory = '" + dir + "'");
            assertThat(moved.status()).isEqualTo(CellStatus.ERROR);
            assertThat(moved.error().message()).contains("temp_directory");
            assertThat(text(runSql(nb, "SELECT current_setting('temp_directory') = '" + temp + "' AS same"))).contains("true");
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(temp)) { // the kernel closes on its own thread, after the notebook
            assertThat(System.nanoTime()).as("%s still there", temp).isLessThan(deadline);
            TestNotebook.sleep(20);
        }
        assertThat(listing(cwdTmp)).isEqualTo(cwdBefore);
    }

    private static List<String> listing(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(Path::toString).sorted().toList();
        }
    }
}
