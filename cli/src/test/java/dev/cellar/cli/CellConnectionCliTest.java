package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.rpc.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SQL cell's connection ({@code conn="@NAME"}) and {@code cache="on"} through {@code cellar export}
 * and {@code cellar import}, and {@code cellar connection add --autorun} as {@code list} shows it.
 * Nothing here opens a database.
 */
@Timeout(300)
class CellConnectionCliTest {
    @TempDir
    static Path dir;
    static Daemon daemon;
    static Path socket;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void startDaemon() throws Exception {
        socket = dir.resolve("cellar.sock");
        daemon = Daemon.start(socket);
    }

    @AfterAll
    static void stopDaemon() {
        daemon.close();
    }

    @AfterEach
    void noConfig() {
        System.clearProperty("cellar.config.dir");
    }

    static Result cellar(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--socket=" + socket);
        return run(all);
    }

    /** A command that needs no daemon ({@code connection add|list}). */
    static Result config(String... args) {
        return run(List.of(args));
    }

    private static Result run(List<String> all) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CellarMain.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aCellsConnAndCacheSurviveExportToIpynbAndImportBack() throws Exception {
        Path nb = dir.resolve("warehouse.py");
        Files.writeString(nb, """
                # cellar: conns=@warehouse

                # %% [sql] id="orders" out="orders" conn="@warehouse" cache="on"
                # SELECT * FROM orders

                # %% [sql] id="local"
                # SELECT count(*) FROM orders
                """);
        Path ipynb = dir.resolve("warehouse.ipynb");
        Result exported = cellar("export", nb.toString(), "--to", "ipynb", "-o", ipynb.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(ipynb.toFile());
        assertThat(doc.at("/cells/0/metadata/cellar/conn").asText()).isEqualTo("@warehouse");
        assertThat(doc.at("/cells/0/metadata/cellar/cache").asBoolean()).isTrue();
        assertThat(doc.at("/cells/1/metadata/cellar/conn").isMissingNode()).as("the notebook's own: nothing written").isTrue();

        Path back = dir.resolve("back.py");
        Result imported = cellar("import", ipynb.toString(), "-o", back.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(Files.readString(back)).containsPattern(
                "# %% \\[sql] id=\"[^\"]+\" out=\"orders\" conn=\"@warehouse\" cache=\"on\"\n# SELECT \\* FROM orders")
                .containsPattern("# %% \\[sql] id=\"[^\"]+\"\n# SELECT count");
    }

    @Test
    void aConnectionAddedWithAutorunSaysSoInTheList() {
        System.setProperty("cellar.config.dir", dir.resolve("config").toString());
        Result added = config("connection", "add", "lake", "jdbc:postgresql://127.0.0.1:5432/test", "--autorun");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("conn=\"@lake\"", "conns=@lake");
        assertThat(config("connection", "add", "wh", "jdbc:postgresql://127.0.0.1:5432/test").exit()).isZero();
        assertThat(config("connection", "list").out()).contains("@lake (jdbc:postgresql://127.0.0.1:5432/test, autorun)")
                .contains("@wh (jdbc:postgresql://127.0.0.1:5432/test)");
    }
}
