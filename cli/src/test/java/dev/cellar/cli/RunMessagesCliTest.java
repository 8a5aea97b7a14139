package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.cli.CliHarness.Result;
import dev.cellar.protocol.rpc.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** What the batch commands say: help texts, usage mistakes, progress, and the parameters in the reports. */
@Timeout(300)
class RunMessagesCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void noHelpTextLosesAPercentSignAndTheCommandsThatReadIpynbSaySo() {
        List<String> helps = new ArrayList<>();
        collectHelp(CellarMain.commandLine(new String[0]), helps);
        for (String help : helps) {
            // every % our texts mean is the %% of a cell marker or magic: a lone one is an escape picocli ate
            assertThat(help.replace("%%", "")).as(help.lines().findFirst().orElse("")).doesNotContain("%");
        }
        // picocli may wrap the line after the '='
        assertThat(cli.cellar("run", "--help").out().replaceAll("\\s+", " ")).contains("('# %% tags=", "[\"parameters\"]') sets",
                "The notebook file (.py, or a Jupyter .ipynb).");
        assertThat(cli.cellar("export", "--help").out()).contains("The notebook file (.py, or a Jupyter .ipynb).");
        assertThat(cli.cellar("show", "--help").out()).contains("The notebook file (.py).");
        assertThat(cli.cellar("import", "--help").out()).contains("%%sql cells become SQL cells", "%%matplotlib inline");
    }

    private static void collectHelp(CommandLine command, List<String> helps) {
        helps.add(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        command.getSubcommands().values().forEach(sub -> collectHelp(sub, helps));
    }

    @Test
    void aParameterWithoutAValueIsOneLineOfUsageError() {
        Result r = cli.cellar("run", cli.examples().resolve("sales_report.py").toString(), "-p", "min_amount");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("cellar: -p expects NAME=VALUE, got 'min_amount'\n");
    }

    @Test
    void everyReportShowsTheParametersTheRunUsed() throws Exception {
        Path out = cli.dir().resolve("reports");
        Result r = cli.cellar("run", "-q", cli.examples().resolve("sales_report.py").toString(), "-p", "min_amount=50",
                "-p", "currency=USD", "--out", out.resolve("executed.ipynb").toString(), "--json", out.resolve("run.json").toString(),
                "--junit", out.resolve("junit.xml").toString(), "--html", out.resolve("report.html").toString());
        assertThat(r.exit()).as(r.err()).isZero();

        JsonNode ipynb = Json.MAPPER.readTree(out.resolve("executed.ipynb").toFile());
        JsonNode injected = ipynb.path("cells").get(2);
        assertThat(ipynb.path("cells").get(1).path("metadata").path("tags").toString()).contains("\"parameters\"");
        assertThat(injected.path("metadata").path("tags").toString()).contains("injected-parameters");
        assertThat(injected.path("source").toString()).contains("min_amount = 50", "currency = \\\"USD\\\"");

        JsonNode json = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertThat(json.path("parameters").path("min_amount").asInt()).isEqualTo(50);
        assertThat(json.path("parameters").path("currency").asText()).isEqualTo("USD");
        assertThat(out.resolve("junit.xml")).content().contains("<property name=\"min_amount\" value=\"50\"/>",
                "<property name=\"currency\" value=\"USD\"/>");
        assertThat(out.resolve("report.html")).content().contains("min_amount = 50");
    }

    @Test
    void cellsRefusedBeforeRunningGetAProgressLineAndCountsReadAsEnglish() throws Exception {
        Path one = Files.writeString(cli.dir().resolve("one.py"), "# %% id=only\nprint('hi')\n");
        Result single = cli.cellar("run", one.toString());
        assertThat(single.err()).contains("[1/1] only ok", "1 cell: 1 ok").doesNotContain("1 cells");
        assertThat(cli.cellar("show", one.toString()).out()).contains("1 cell\n");

        Path bad = Files.writeString(cli.dir().resolve("bad.py"), "# %% id=fine\nx = 1\n\n# %% id=broken\ny = (\n\n# %% id=after\nz = x\n");
        Result r = cli.cellar("run", bad.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("[1/3] fine ok", "[2/3] after ok").containsPattern("\\[3/3] broken error not run: SyntaxError");
    }

    @Test
    void importCommentsOutIpythonMagicsAndWarns() throws Exception {
        Path ipynb = Files.writeString(cli.dir().resolve("magic.ipynb"), """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                  "source": ["%matplotlib inline\\n", "!pip install pandas\\n", "x = 1\\n", "for i in range(2):\\n", "    !echo hi"]},
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["%%bash\\n", "ls"]}]}
                """);
        Result r = cli.cellar("import", ipynb.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported 2 cells");
        assertThat(r.err()).contains("cellar: warning: magic.ipynb cell [0]: commented out %matplotlib inline (IPython, not Python)",
                "cell [0]: commented out !pip install pandas", "cell [1]: commented out %%bash (the whole cell)");
        String py = Files.readString(cli.dir().resolve("magic.py"));
        assertThat(py).contains("# cellar: removed %matplotlib inline\n# cellar: removed !pip install pandas\nx = 1\n"
                + "for i in range(2):\n    import subprocess  # cellar: was !echo hi\n    subprocess.run(\"echo hi\", shell=True);\n",
                "# cellar: removed %%bash, not Python; "
                + "its lines follow as comments\n# # %%bash\n# ls\n"); // on disk a line that reads as a cell marker is escaped
        // (one more '# ', as Jupytext escapes a commented magic: it reads the cell's code as Cellar does)
        Result run = cli.cellar("run", cli.dir().resolve("magic.py").toString());
        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void aMissingNotebookIsReportedBeforeAStandaloneDaemonStarts() {
        Path missing = cli.dir().resolve("missing.py");
        Result r = cli.cellar("run", "--standalone", missing.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).isEqualTo("cellar: no notebook at " + missing + " (create it with: cellar new " + missing + ")\n");
    }
}
