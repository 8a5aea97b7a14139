package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What export and run write besides the notebook, and what they refuse to overwrite. */
@Timeout(120)
class OutputFilesCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void exportRefusesToReplaceTheFileBesideTheNotebookUnlessForcedOrNamed() throws Exception {
        Path nb = cli.examples().resolve("text_stats.py");
        Path beside = cli.examples().resolve("text_stats.ipynb");
        Files.writeString(beside, "precious");

        Result refused = cli.cellar("export", nb.toString(), "--to", "ipynb");
        assertThat(refused.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.err()).contains(beside + " already exists", "--force").hasLineCount(1);
        assertThat(beside).hasContent("precious");

        assertThat(cli.cellar("export", nb.toString(), "--to", "ipynb", "--force").exit()).isZero();
        assertThat(Files.readString(beside)).contains("\"cells\"");

        Path named = Files.writeString(cli.examples().resolve("named.md"), "old");
        assertThat(cli.cellar("export", nb.toString(), "--to", "md", "-o", named.toString()).exit()).isZero();
        assertThat(Files.readString(named)).contains("```python");
    }

    @Test
    void noReportOrExportMayOverwriteTheNotebookItself() throws Exception {
        Path nb = cli.examples().resolve("tour.py");
        String before = Files.readString(nb);
        for (String option : new String[] {"--html", "--junit", "--out", "--json"}) {
            Result r = cli.cellar("run", nb.toString(), option, nb.toString());
            assertThat(r.exit()).as(option).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains(option + " " + nb + " would overwrite the notebook itself").hasLineCount(1);
        }
        Result export = cli.cellar("export", nb.toString(), "--to", "md", "-o", cli.examples().resolve("./tour.py").toString());
        assertThat(export.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(nb).hasContent(before);
    }

    @Test
    void exportReadsAJupyterNotebookAndNeverWritesOverIt() throws Exception {
        Path ipynb = cli.examples().resolve("stats.ipynb");
        assertThat(cli.cellar("export", cli.examples().resolve("text_stats.py").toString(), "--to", "ipynb", "-o",
                ipynb.toString()).exit()).isZero();
        String before = Files.readString(ipynb);

        Result md = cli.cellar("export", ipynb.toString(), "--to", "md");
        assertThat(md.exit()).as(md.err()).isZero();
        assertThat(cli.examples().resolve("stats.md")).content().contains("```python", "Counter(words)");

        Result itself = cli.cellar("export", ipynb.toString(), "--to", "ipynb", "--force");
        assertThat(itself.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(ipynb).hasContent(before);
        try (var hidden = Files.list(cli.examples())) {
            assertThat(hidden.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("cellar-run"));
        }
    }
}
