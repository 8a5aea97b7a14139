package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A matplotlib figure and a DataFrame from the user's Python, as show, the ipynb export and the HTML report carry them. */
class RichOutputCliTest {
    @RegisterExtension
    static CliHarness cli = new CliHarness();

    private static boolean pythonHas(String module) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import " + module).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void assumeLibraries() throws Exception {
        assumeTrue(pythonHas("matplotlib") && pythonHas("pandas") && pythonHas("nbformat"),
                "needs python3-matplotlib, python3-pandas and python3-nbformat (CI installs them)");
    }

    @Test
    void aFigureIsAPngInShowJsonTheIpynbAndTheHtmlReportAndAFrameIsATable() throws Exception {
        assumeLibraries();
        Path nb = cli.dir().resolve("plot.py");
        Files.writeString(nb, """
                # cellar: python=/usr/bin/python3

                # %% id=pl0t01
                import matplotlib.pyplot as plt
                plt.plot([1, 4, 9])
                plt.show()

                # %% id=fr4me1
                import pandas as pd
                pd.DataFrame({'n': [1, 2, 3], 'sq': [1, 4, 9]})

                # %% id=c0l0ur
                print("\\x1b[31mred\\x1b[0m")

                # %% id=d1spl4
                shown = pd.DataFrame({'k': ['a', 'b']})
                display(shown)
                print('after')
                """);
        Path ipynb = cli.dir().resolve("plot.ipynb");
        Path html = cli.dir().resolve("plot.html");
        CliHarness.Result run = cli.cellar("run", "-q", nb.toString(), "--out", ipynb.toString(), "--html", html.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("\\[image/png \\d+x\\d+\\]");

        JsonNode snapshot = Json.MAPPER.readTree(cli.cellar("show", "--json", nb.toString()).out());
        JsonNode figure = snapshot.at("/cells/0/outputs/0");
        assertThat(figure.path("type").asText()).isEqualTo("display");
        assertThat(figure.at("/data/image~1png").asText()).startsWith("iVBORw0KGgo"); // base64 of the PNG signature
        assertThat(snapshot.at("/cells/1/outputs/0/type").asText()).isEqualTo("table");
        assertThat(snapshot.at("/cells/1/outputs/0/rows").size()).isEqualTo(3); // what the TUI pages through
        assertThat(snapshot.at("/kernel/implementation").asText()).isEqualTo("CPython");

        JsonNode doc = Json.MAPPER.readTree(ipynb.toFile());
        JsonNode image = doc.at("/cells/0/outputs/0");
        assertThat(image.path("output_type").asText()).isEqualTo("display_data");
        assertThat(image.at("/data/image~1png").asText()).startsWith("iVBORw0KGgo");
        JsonNode frame = doc.at("/cells/1/outputs/0/data");
        assertThat(lines(frame.path("text/plain"))).isEqualTo("   n  sq\n0  1   1\n1  2   4\n2  3   9"); // pandas' own text
        assertThat(lines(frame.path("text/html"))).contains("class=\"dataframe\"");
        // Jupyter renders colours: the SGR reaches the .ipynb (written as TerminalText sets a style: reset, then red)
        assertThat(lines(doc.at("/cells/2/outputs/0/text"))).matches("\u001b\\[(0;)?31mred\u001b\\[0m\n");
        // display(frame) exports as the frame's value does: pandas' own text and HTML, in the order shown
        JsonNode displayed = doc.at("/cells/3/outputs/0/data");
        assertThat(lines(displayed.path("text/plain"))).isEqualTo("   k\n0  a\n1  b");
        assertThat(lines(displayed.path("text/html"))).contains("class=\"dataframe\"", "<td>b</td>");
        assertThat(lines(doc.at("/cells/3/outputs/1/text"))).isEqualTo("after\n");
        assertValid(ipynb);

        assertThat(Files.readString(html)).contains("class=\"dataframe\"");
        assertThat(Files.readString(html)).contains("<img alt=\"&lt;Figure size", "src=\"data:image/png;base64,iVBORw0KGgo");
    }

    @Test
    void whatACellDisplaysIsDisplayDataAndOnlyItsValueAnExecuteResultAsJupyterWritesThem() throws Exception {
        assumeLibraries();
        Path nb = cli.dir().resolve("kinds.py");
        Files.writeString(nb, """
                # cellar: python=/usr/bin/python3

                # %% id=d1sp01
                display(1, 'two')
                print('after display')

                # %% id=d1sp02
                import pandas as pd
                frame = pd.DataFrame({'k': [1, 2]})
                display(frame)
                'done'

                # %% id=d1sp03
                class Md:
                    def _repr_markdown_(self): return '**bold**'
                display(Md())
                Md()

                # %% id=d1sp04
                import matplotlib.pyplot as plt
                plt.plot([1, 4, 9])
                plt.show()
                frame

                # %% id=d1sp05
                quiet = len(frame)
                """);
        Path ipynb = cli.dir().resolve("kinds.run.ipynb");
        CliHarness.Result run = cli.cellar("run", "-q", nb.toString(), "--out", ipynb.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        CliHarness.Result export = cli.cellar("export", nb.toString(), "--to", "ipynb");
        assertThat(export.exit()).as(export.err()).isZero();
        for (Path written : List.of(ipynb, cli.dir().resolve("kinds.ipynb"))) {
            JsonNode doc = Json.MAPPER.readTree(written.toFile());
            assertThat(kinds(doc.at("/cells/0"))).containsExactly("display_data 1", "display_data 'two'", "stream");
            assertThat(kinds(doc.at("/cells/1"))).containsExactly("display_data    k", "execute_result 'done'");
            assertThat(kinds(doc.at("/cells/2"))).containsExactly("display_data <__main__.Md", "execute_result <__main__.Md");
            // the figure shown by plt.show() first, as the cell made it, then the cell's value
            assertThat(kinds(doc.at("/cells/3"))).containsExactly("display_data <Figure size", "execute_result    k");
            assertThat(kinds(doc.at("/cells/4"))).isEmpty();
            for (JsonNode cell : doc.path("cells")) {
                assertThat(cell.path("execution_count").isInt()).as("every cell ran, as in Jupyter").isTrue();
                for (JsonNode o : cell.path("outputs")) {
                    if (o.path("output_type").asText().equals("execute_result")) {
                        assertThat(o.path("execution_count")).as("numbered as its cell").isEqualTo(cell.path("execution_count"));
                    } else {
                        assertThat(o.has("execution_count")).isFalse();
                    }
                }
            }
            assertValid(written);
        }
    }

    /** Each output of the cell as its nbformat type and its text's first line, cut at 12 characters (a stream: its type). */
    private static List<String> kinds(JsonNode cell) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode o : cell.path("outputs")) {
            String type = o.path("output_type").asText();
            String first = lines(o.at("/data/text~1plain")).lines().findFirst().orElse("");
            out.add(type.equals("stream") ? type : type + " " + first.substring(0, Math.min(12, first.length())));
        }
        return out;
    }

    private static void assertValid(Path ipynb) throws Exception {
        Process check = new ProcessBuilder("/usr/bin/python3", "-c", "import nbformat, sys; "
                + "nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", ipynb.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output.strip()).isEqualTo("valid");
    }

    private static String lines(JsonNode text) {
        StringBuilder sb = new StringBuilder();
        text.forEach(l -> sb.append(l.asText()));
        return sb.toString();
    }
}
