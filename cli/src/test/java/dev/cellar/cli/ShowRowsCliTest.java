package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cellar show NB CELL --rows FROM:TO}: rows far past the preview, paged from the daemon, as safe text. */
class ShowRowsCliTest {
    @RegisterExtension
    static CliHarness cli = new CliHarness();

    @Test
    void showPrintsTheRowsAskedForOfACellsTableSortedAndSearched() throws Exception {
        Path nb = cli.dir().resolve("rows.py");
        Files.writeString(nb, """
                # %% id=big001
                [{'i': i, 'name': 'n%d\\x1b]0;title\\x07' % i, 'half': i / 2} for i in range(25000)]
                """);
        CliHarness.Result run = cli.cellar("run", "-q", nb.toString());
        assertThat(run.exit()).as(run.err()).isZero();

        CliHarness.Result rows = cli.cellar("show", nb.toString(), "big001", "--rows", "20000:20003");
        assertThat(rows.exit()).as(rows.err()).isZero();
        String[] lines = rows.out().split("\n");
        assertThat(lines[0]).matches("\\s*i  name\\s+half");
        assertThat(lines[1]).matches("\\s*20000  n20000␛\\]0;title␇\\s+10000\\.0");
        assertThat(lines).hasSize(5);
        assertThat(lines[4]).isEqualTo("(rows 20000–20002 of 25000)");
        assertThat(rows.out()).doesNotContain("\u001b");

        CliHarness.Result tail = cli.cellar("show", nb.toString(), "[0]", "--rows", "24998:", "--json");
        JsonNode page = Json.MAPPER.readTree(tail.out());
        assertThat(page.path("totalRows").asLong()).isEqualTo(25000);
        assertThat(page.path("rows").size()).isEqualTo(2);
        assertThat(page.at("/rows/1/0").asInt()).isEqualTo(24999);

        CliHarness.Result all = cli.cellar("show", nb.toString(), "big001", "--rows", "0:", "--json");
        assertThat(Json.MAPPER.readTree(all.out()).path("rows").size()).isEqualTo(25000); // three pages of 10,000

        CliHarness.Result sorted = cli.cellar("show", nb.toString(), "big001", "--rows", ":2", "--sort", "i", "--desc",
                "--search", "N2499");
        assertThat(sorted.out()).contains("24999  n24999").contains("(rows 0–1 of 11 matching of 25000)");

        CliHarness.Result noCell = cli.cellar("show", nb.toString(), "--rows", "0:5");
        assertThat(noCell.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noCell.err()).contains("need a CELL");
        CliHarness.Result badRange = cli.cellar("show", nb.toString(), "big001", "--rows", "5");
        assertThat(badRange.exit()).isEqualTo(ExitCode.USAGE);
        Path fresh = cli.dir().resolve("fresh.py");
        Files.writeString(fresh, "# %% id=new001\n[{'a': 1}]\n");
        CliHarness.Result notRun = cli.cellar("show", fresh.toString(), "new001", "--rows", "0:5");
        assertThat(notRun.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(notRun.err()).contains("shows no table", "run it first, cellar run");
        CliHarness.Result missing = cli.cellar("show", nb.toString(), "nope", "--rows", "0:5");
        assertThat(missing.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("no cell nope");
    }
}
