package dev.cellar.daemon.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.execution.Secrets;
import dev.cellar.protocol.config.NamedConnection;
import dev.cellar.protocol.config.NamedConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's side of added drivers and named connections, without a network or a driver. */
class AddedDriversTest {
    @TempDir
    Path dir;

    @Test
    void aUrlWithNoDriverSaysSoAndNamesTheUsualCoordinatesNotALostConnection() throws Exception {
        Map<String, String> env = Map.of("CELLAR_JDBC_PATH", Files.createDirectories(dir.resolve("jdbc")).toString());
        try (SqlDatabase db = SqlDatabase.forNotebook(dir.resolve("nb.py"), "jdbc:trino://trino.example:443/hive", false, null,
                Secrets.ofThisProcess(), DuckDbCaps.DEFAULTS, ServerAccess.of(env, List::of))) {
            assertThatThrownBy(db::connection).isInstanceOfSatisfying(SqlSetupException.class, e -> {
                assertThat(e.kind()).isEqualTo("SqlNoDriver");
                assertThat(e.getSQLState()).doesNotStartWith("08");
                assertThat(e.getMessage()).contains("no JDBC driver for jdbc:trino://trino.example:443/hive",
                        "io.trino:trino-jdbc", "cellar driver add io.trino:trino-jdbc", "FILE.jar", "no restart");
            });
        }
        assertThat(KnownDrivers.missing("x", "jdbc:weird:thing")).contains("cellar driver add GROUP:ARTIFACT:VERSION");
        for (String prefix : List.of("mysql", "mariadb", "clickhouse", "sqlite", "h2", "snowflake")) {
            assertThat(KnownDrivers.coordinatesFor("jdbc:" + prefix + ":x")).as(prefix).isNotNull();
        }
    }

    @Test
    void aDriversFolderInsideANotebooksFolderIsRefused() throws Exception {
        Path notebookFolder = Files.createDirectories(dir.resolve("project"));
        Path jars = Files.createDirectories(notebookFolder.resolve("jars"));
        AddedDrivers drivers = new AddedDrivers(Map.of("CELLAR_JDBC_PATH", jars.toString()), () -> List.of(notebookFolder));
        assertThatThrownBy(() -> drivers.driverFor("jdbc:h2:mem:x")).isInstanceOf(SqlSetupException.class)
                .hasMessageContaining("CELLAR_JDBC_PATH=" + jars + " lies inside the folder of the notebook");
        Path other = Files.createDirectories(dir.resolve("other"));
        AddedDrivers elsewhere = new AddedDrivers(Map.of("CELLAR_JDBC_PATH", jars.toString()), () -> List.of(other));
        assertThat(elsewhere.driverFor("jdbc:h2:mem:x")).isNull();
    }

    @Test
    void theEnvironmentGivesTheNamedConnectionsPasswordWhenTheFileHasNone() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        System.setProperty("cellar.config.dir", config.toString());
        try {
            Path file = config.resolve("connections.json");
            NamedConnections.put(file, new NamedConnection("my-wh", "jdbc:postgresql://db/x", "me", null));
            NamedConnections.put(file, new NamedConnection("kept", "jdbc:postgresql://db/y", "me", "from-file"));
            ServerAccess access = ServerAccess.of(Map.of("CELLAR_CONN_MY_WH_PASSWORD", "from-env",
                    "CELLAR_CONN_KEPT_PASSWORD", "not-this"), List::of);
            assertThat(access.connection("my-wh").password()).isEqualTo("from-env");
            assertThat(access.connection("kept").password()).isEqualTo("from-file");
            assertThat(access.connection("kept").toString()).doesNotContain("from-file");
            assertThat(SqlDatabase.confinement("@my-wh")).isEqualTo("unconfined (postgresql @my-wh)");
            assertThatThrownBy(() -> access.connection("absent")).isInstanceOf(SqlSetupException.class)
                    .hasMessageContaining("no connection named absent");
        } finally {
            System.clearProperty("cellar.config.dir");
        }
    }
}
