package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** cellar import keeps what the .ipynb shows until the first run, and says which Python its kernelspec names. */
@Timeout(300)
class ImportKeepsOutputsCliTest {
    @RegisterExtension
    static CliHarness cli = new CliHarness();

    private static final String NOTEBOOK = """
            {"nbformat": 4, "nbformat_minor": 5,
             "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                          "language_info": {"name": "python"}},
             "cells": [
              {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Title"]},
              {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "source": ["print('saved')\\n", "6 * 7"],
               "outputs": [{"output_type": "stream", "name": "stdout", "text": ["saved\\n"]},
                           {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": ["41"]}}]},
              {"cell_type": "code", "id": "c2", "metadata": {}, "execution_count": 2, "source": ["1 / 0"],
               "outputs": [{"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero",
                            "traceback": ["\\u001b[0;31m---\\u001b[0m"]}]},
              {"cell_type": "code", "id": "c3", "metadata": {}, "execution_count": null, "source": ["x = 1"], "outputs": []}
             ]}
            """;

    @Test
    void theSavedOutputsShowAsStaleUntilTheFirstRunAndTheKernelspecsPythonIsSuggested() throws Exception {
        Path ipynb = cli.dir().resolve("saved.ipynb");
        Files.writeString(ipynb, NOTEBOOK);
        Path py = cli.dir().resolve("saved.py");
        CliHarness.Result imported = cli.cellar("import", ipynb.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        Path python3 = IpynbKernelspec.read(ipynb, System.getenv()).interpreter();
        if (python3 != null) { // Debian's ipykernel names /usr/bin/python3; else python3 on PATH
            assertThat(imported.out()).contains("the notebook's kernel python3 (Python 3) runs " + python3
                    + "; to run it there: cellar kernel use " + py + " " + python3);
        }

        JsonNode shown = Json.MAPPER.readTree(cli.cellar("show", "--json", py.toString()).out());
        JsonNode first = shown.at("/cells/1");
        assertThat(first.path("status").asText()).isEqualTo("stale");
        assertThat(first.at("/outputs/0/text").asText()).isEqualTo("saved\n");
        assertThat(first.at("/outputs/1/text").asText()).isEqualTo("41"); // as saved, from an older run

        assertThat(shown.at("/cells/2/outputs/0/text").asText()).isEqualTo("ZeroDivisionError: division by zero\n");
        assertThat(shown.at("/cells/3/status").asText()).isEqualTo("idle");

        CliHarness.Result run = cli.cellar("run", "-q", py.toString());
        JsonNode after = Json.MAPPER.readTree(cli.cellar("show", "--json", py.toString()).out());
        assertThat(after.at("/cells/1/outputs/1/text").asText()).as(run.err()).isEqualTo("42");
        assertThat(after.at("/cells/1/status").asText()).isEqualTo("ok");
    }

    @Test
    void savedOutputsKeepWhetherTheyWereDisplayedOrTheValueThroughExport() throws Exception {
        Path ipynb = cli.dir().resolve("kinds.ipynb");
        Files.writeString(ipynb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [
                  {"cell_type": "code", "id": "k1", "metadata": {}, "execution_count": 3,
                   "source": ["display(1)\\n", "display(HTML('<b>x</b>'))\\n", "Markdown('**m**')"],
                   "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"text/plain": ["1"]}},
                               {"output_type": "display_data", "metadata": {},
                                "data": {"text/html": ["<b>x</b>"], "text/plain": ["<HTML>"]}},
                               {"output_type": "execute_result", "execution_count": 3, "metadata": {},
                                "data": {"text/markdown": ["**m**"], "text/plain": ["<Markdown>"]}}]}
                 ]}
                """);
        Path py = cli.dir().resolve("kinds.py");
        CliHarness.Result imported = cli.cellar("import", ipynb.toString(), "-o", py.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        JsonNode shown = Json.MAPPER.readTree(cli.cellar("show", "--json", py.toString()).out());
        assertThat(shown.at("/cells/0/outputs").findValuesAsText("kind")).containsExactly("display", "display", "result");

        Path back = cli.dir().resolve("back.ipynb");
        CliHarness.Result export = cli.cellar("export", py.toString(), "--to", "ipynb", "-o", back.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        JsonNode outputs = Json.MAPPER.readTree(back.toFile()).at("/cells/0/outputs");
        assertThat(outputs.findValuesAsText("output_type")).containsExactly("display_data", "display_data", "execute_result");
        assertThat(outputs.at("/1/data/text~1html/0").asText()).isEqualTo("<b>x</b>");
        assertThat(outputs.at("/2/data/text~1markdown/0").asText()).isEqualTo("**m**");
    }

    @Test
    void aKernelJsonInJupytersDataFolderNamesTheInterpreter() throws Exception {
        Path data = Files.createDirectories(cli.dir().resolve("jupyter/kernels/myenv"));
        Path python = cli.dir().resolve("bin/python");
        Files.createDirectories(python.getParent());
        Files.writeString(python, "#!/bin/sh\n");
        python.toFile().setExecutable(true);
        Files.writeString(data.resolve("kernel.json"), "{\"argv\": [\"" + python + "\", \"-m\", \"ipykernel_launcher\"]}");
        Path ipynb = cli.dir().resolve("env.ipynb");
        Files.writeString(ipynb, "{\"nbformat\": 4, \"metadata\": {\"kernelspec\": {\"name\": \"myenv\", \"language\": \"python\"}},"
                + " \"cells\": []}");
        IpynbKernelspec spec = IpynbKernelspec.read(ipynb, Map.of("JUPYTER_PATH", cli.dir().resolve("jupyter").toString(),
                "PATH", ""));
        assertThat(spec.interpreter()).isEqualTo(python);
        assertThat(IpynbKernelspec.read(ipynb, Map.of("PATH", "")).notes(Path.of("env.py")))
                .containsExactly("the notebook's kernel myenv names no interpreter found on this machine");
        Files.writeString(ipynb, "{\"nbformat\": 4, \"metadata\": {\"kernelspec\": {\"name\": \"ir\", \"display_name\": \"R\","
                + " \"language\": \"R\"}}, \"cells\": []}");
        assertThat(IpynbKernelspec.read(ipynb, Map.of()).notes(Path.of("r.py")).getFirst()).contains("the R kernel ir (R)");
    }
}
