package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.cli.CliHarness.Result;
import dev.cellar.protocol.rpc.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SQL cell's connection ({@code conn="@NAME"}) and {@code cache="on"} through {@code cellar export}
 * and {@code cellar import}, and {@code cellar connection add --autorun} as {@code list} shows it.
 * Nothing here opens a database.
 */
@Timeout(300)
class CellConnectionCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @AfterEach
    void noConfig() {
        System.clearProperty("cellar.config.dir");
    }

    @Test
    void aCellsConnAndCacheSurviveExportToIpynbAndImportBack() throws Exception {
        Path nb = cli.dir().resolve("warehouse.py");
        Files.writeString(nb, """
                # cellar: conns=@warehouse

                # %% [sql] id="orders" out="orders" conn="@warehouse" cache="on"
                # SELECT * FROM orders

                # %% [sql] id="local"
                # SELECT count(*) FROM orders
                """);
        Path ipynb = cli.dir().resolve("warehouse.ipynb");
        Result exported = cli.cellar("export", nb.toString(), "--to", "ipynb", "-o", ipynb.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(ipynb.toFile());
        assertThat(doc.at("/cells/0/metadata/cellar/conn").asText()).isEqualTo("@warehouse");
        assertThat(doc.at("/cells/0/metadata/cellar/cache").asBoolean()).isTrue();
        assertThat(doc.at("/cells/1/metadata/cellar/conn").isMissingNode()).as("the notebook's own: nothing written").isTrue();

        Path back = cli.dir().resolve("back.py");
        Result imported = cli.cellar("import", ipynb.toString(), "-o", back.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(Files.readString(back)).containsPattern(
                "# %% \\[sql] id=\"[^\"]+\" out=\"orders\" conn=\"@warehouse\" cache=\"on\"\n# SELECT \\* FROM orders")
                .containsPattern("# %% \\[sql] id=\"[^\"]+\"\n# SELECT count");
    }

    @Test
    void cellAddWritesConnAndCacheOnTheMarkerLineAndRefusesAConnThatNamesNoConnection() throws Exception {
        Path nb = cli.dir().resolve("added.py");
        Files.writeString(nb, "# cellar: conns=@warehouse\n");
        Result added = cli.cellar("cell", "add", nb.toString(), "--kind", "sql", "--conn", "@warehouse", "--cache",
                "SELECT 1 AS one");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(Files.readString(nb)).containsPattern("# %% \\[sql] id=\"[^\"]+\" conn=\"@warehouse\" cache=\"on\"\n# SELECT 1");
        Result wrong = cli.cellar("cell", "add", nb.toString(), "--kind", "sql", "--conn", "jdbc:h2:mem:x\" evil=\"1",
                "SELECT 2");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("conn is an SQL cell's connection: @NAME or duckdb");
        assertThat(Files.readString(nb)).doesNotContain("SELECT 2");
    }

    @Test
    void aConnectionAddedWithAutorunSaysSoInTheList() {
        System.setProperty("cellar.config.dir", cli.dir().resolve("config").toString());
        Result added = cli.cellar("connection", "add", "lake", "jdbc:postgresql://127.0.0.1:5432/test", "--autorun");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("conn=\"@lake\"", "conns=@lake");
        assertThat(cli.cellar("connection", "add", "wh", "jdbc:postgresql://127.0.0.1:5432/test").exit()).isZero();
        assertThat(cli.cellar("connection", "list").out()).contains("@lake (jdbc:postgresql://127.0.0.1:5432/test, autorun)")
                .contains("@wh (jdbc:postgresql://127.0.0.1:5432/test)");
    }
}
