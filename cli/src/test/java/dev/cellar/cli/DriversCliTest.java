package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.cli.CliHarness.Result;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drivers the user adds and named connections, end to end through the {@code cellar} command and a
 * running daemon: added after the daemon started and used without a restart. Drivers come from
 * Maven Central (or the mirrors in ~/.m2/settings.xml); the drivers' folder and the connections
 * file are in this class's temp folder (system properties), never the real ~/.config.
 */
@Timeout(600)
class DriversCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @BeforeAll
    static void privateConfig() throws Exception {
        Path config = Files.createDirectories(cli.dir().resolve("config")); // removed with the class's temp folder
        System.setProperty("cellar.config.dir", config.toString());
        System.setProperty("cellar.jdbc.path", config.resolve("jdbc").toString());
    }

    @AfterAll
    static void forgetConfig() {
        System.clearProperty("cellar.config.dir");
        System.clearProperty("cellar.jdbc.path");
    }

    private static Path notebook(String name, String header, String sql) throws Exception {
        Path nb = cli.dir().resolve(name);
        Files.writeString(nb, "# cellar: " + header + "\n\n# %% [sql] id=q\n" + sql.lines().map(l -> "# " + l + "\n")
                .reduce("", String::concat));
        return nb;
    }

    private static Result ok(String... args) {
        Result r = cli.cellar(args);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return r;
    }

    @Test
    void aMissingDriverSaysSoThenADriverAddedByCoordinatesRunsWithoutARestart() throws Exception {
        Path nb = notebook("h2.py", "sql=jdbc:h2:mem:cellar", "SELECT 40 + 2 AS answer");
        Result missing = cli.cellar("run", nb.toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("SqlNoDriver", "no JDBC driver for jdbc:h2:mem:cellar",
                "com.h2database:h2", "cellar driver add").doesNotContain("lost the connection");

        Result added = ok("driver", "add", "com.h2database:h2:2.5.252");
        assertThat(added.out()).contains("added com.h2database:h2:2.5.252 (org.h2.Driver");
        assertThat(ok("driver", "list").out()).contains("h2-2.5.252  org.h2.Driver  1 jar");

        ok("run", nb.toString());
        Result ran = ok("show", nb.toString());
        assertThat(ran.out()).contains("42");
        assertThat(ok("show", "--json", nb.toString()).out()).contains("\"sql\" : \"unconfined (h2)\"");

        ok("driver", "remove", "h2-2.5.252");
        assertThat(ok("driver", "list").out()).contains("no drivers added");
    }

    @Test
    void aDriverAddedFromAJarRunsWithoutARestart() throws Exception {
        Path jar = DriverResolver.forUser().resolve("org.xerial:sqlite-jdbc:3.54.1.0").jars().getFirst();
        Path nb = notebook("sqlite.py", "sql=jdbc:sqlite::memory:", "SELECT 6 * 7 AS answer");
        assertThat(cli.cellar("run", nb.toString()).err()).contains("org.xerial:sqlite-jdbc");

        assertThat(ok("driver", "add", jar.toString()).out()).contains("added sqlite-jdbc-3.54.1.0 (org.sqlite.JDBC)");
        ok("run", nb.toString());
        Result ran = ok("show", nb.toString());
        assertThat(ran.out()).contains("42");
    }

    @Test
    void mariaDbThroughADriverAddedByCoordinatesWithANamedConnectionsPassword() throws Exception {
        assumeTrue(answers(3306), "MariaDB is not answering on 127.0.0.1:3306 (.ci/run starts it)");
        ok("driver", "add", "org.mariadb.jdbc:mariadb-java-client:3.5.11");
        // MariaDB checks passwords (PostgreSQL here trusts every local user): proves the file's password reaches the driver
        Path admin = notebook("admin.py", "sql=jdbc:mariadb://127.0.0.1:3306/test?user=root",
                "DROP USER IF EXISTS 'cellar_drivers'@'%';\nCREATE USER 'cellar_drivers'@'%' IDENTIFIED BY 'maria-secret-42';\n"
                        + "GRANT SELECT ON test.* TO 'cellar_drivers'@'%'");
        ok("run", admin.toString());
        withStdin("maria-secret-42\n", () -> ok("connection", "add", "maria", "jdbc:mariadb://127.0.0.1:3306/test",
                "--user", "cellar_drivers", "--password-stdin"));
        Path nb = notebook("maria.py", "sql=@maria", "SELECT CURRENT_USER() AS who, 40 + 2 AS answer");
        ok("run", nb.toString());
        Result ran = ok("show", nb.toString());
        assertThat(ran.out()).contains("cellar_drivers@", "42").doesNotContain("maria-secret-42");
        assertThat(ok("connection", "test", "maria").out()).contains("@maria: connected to MariaDB");

        withStdin("wrong-password\n", () -> ok("connection", "add", "maria", "jdbc:mariadb://127.0.0.1:3306/test",
                "--user", "cellar_drivers", "--password-stdin"));
        Result refused = cli.cellar("connection", "test", "maria");
        assertThat(refused.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.err()).contains("Access denied").doesNotContain("wrong-password");
    }

    @Test
    void aNamedPostgresConnectionKeepsItsPasswordOutOfTheNotebookAndShow() throws Exception {
        assumeTrue(answers(5432), "PostgreSQL is not answering on 127.0.0.1:5432");
        Path admin = notebook("pgadmin.py", "sql=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres",
                "DROP ROLE IF EXISTS cellar_conn_test;\nCREATE ROLE cellar_conn_test LOGIN PASSWORD 'pg-secret-77'");
        ok("run", admin.toString());
        withStdin("pg-secret-77\n", () -> ok("connection", "add", "warehouse", "jdbc:postgresql://127.0.0.1:5432/postgres",
                "--user", "cellar_conn_test", "--password-stdin"));
        Path file = Path.of(System.getProperty("cellar.config.dir"), "connections.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ok("connection", "list").out()).contains("@warehouse (jdbc:postgresql://127.0.0.1:5432/postgres,"
                + " user cellar_conn_test, password set)").doesNotContain("pg-secret-77");

        Path nb = notebook("pg.py", "sql=@warehouse", "SELECT current_user AS who");
        ok("run", nb.toString());
        Result ran = ok("show", nb.toString());
        assertThat(ran.out()).contains("cellar_conn_test").doesNotContain("pg-secret-77");
        assertThat(Files.readString(nb)).contains("sql=@warehouse").doesNotContain("pg-secret-77", "cellar_conn_test", "5432");
        String json = ok("show", "--json", nb.toString()).out();
        assertThat(json).contains("\"sql\" : \"unconfined (postgresql @warehouse)\"").doesNotContain("pg-secret-77");
        assertThat(ok("show", nb.toString()).out()).contains("@warehouse").doesNotContain("pg-secret-77");

        Path unknown = notebook("nowhere.py", "sql=@nowhere", "SELECT 1");
        assertThat(cli.cellar("run", unknown.toString()).err()).contains("SqlNoConnection", "no connection named nowhere");
        ok("connection", "remove", "warehouse");
        assertThat(ok("connection", "list").out()).doesNotContain("@warehouse"); // the MariaDB test's may still be there
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void withStdin(String text, Runnable body) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            body.run();
        } finally {
            System.setIn(before);
        }
    }
}
