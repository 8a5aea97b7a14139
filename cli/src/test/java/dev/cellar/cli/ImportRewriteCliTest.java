package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.cli.CliHarness.Result;
import dev.cellar.protocol.rpc.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cellar import} rewrites a Jupyter notebook written the Jupyter way (the same names in
 * many cells) so that it runs reactively, says what it changed, and says (exit 1) what still
 * breaks a rule; {@code cellar fix} does the same to a notebook in Cellar as one rewindable edit.
 * A real daemon, the analysis on the CPython that runs the cells.
 */
@Timeout(300)
class ImportRewriteCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    /** Reused fig/ax, a reused x, a repeated import, +=, a loop adding to a total, two loops with i. */
    private static final String[] JUPYTER_STYLE = {
        // a stand-in for plt.subplots(): the point is the names, not the figures
        "import numpy as np\n\ndef subplots():\n    return object(), []",
        "x = np.arange(4)  # data\nfig, ax = subplots()\nax.append(x)",
        "import numpy as np\nx = x * 2\nfig, ax = subplots()\nax.append(x)",
        "total = 0",
        "for v in x:\n    total += v",
        "print('total', total)",
        "for i in range(2):\n    print('i', i)",
        "for i in range(3):\n    pass",
        "a = 1",
        "a += 2",
        "print('a', a)",
    };

    private static Path ipynb(String name, String... cells) throws Exception {
        ObjectNode nb = Json.MAPPER.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata");
        ArrayNode array = nb.putArray("cells");
        for (String c : cells) {
            ObjectNode cell = array.addObject().put("cell_type", "code").put("source", c);
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.putNull("execution_count");
        }
        return Files.writeString(cli.dir().resolve(name), Json.MAPPER.writeValueAsString(nb), StandardCharsets.UTF_8);
    }

    @Test
    void aJupyterStyleNotebookIsRewrittenSaysWhatChangedAndRunsWithoutMultipleDefinitions() throws Exception {
        Path source = ipynb("style.ipynb", JUPYTER_STYLE);
        Path report = cli.dir().resolve("style-report.txt");

        Result r = cli.cellar("import", source.toString(), "--report", report.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("removed duplicate import numpy as np in cell 2", "fig \u2192 _fig in cells 1, 2",
                "x \u2192 x_1 in cells 2, 4", "total \u2192 total_1 in cells 4, 5", "i \u2192 _i in cells 6, 7",
                "imported 11 cells");
        assertThat(Files.readAllLines(report, StandardCharsets.UTF_8)).contains("removed duplicate import numpy as np in cell 2",
                "fig \u2192 _fig in cells 1, 2 (used only there)").noneMatch(line -> line.startsWith("problem"));
        String py = Files.readString(cli.dir().resolve("style.py"));
        assertThat(py).contains("x = np.arange(4)  # data\n", "x_1 = x * 2\n", "a_1 = a + 2\n", "total_1 = total  # cellar:");

        Result run = cli.cellar("run", cli.dir().resolve("style.py").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("MultipleDefinitionError");
        assertThat(run.out()).contains("total 12", "a 3");
    }

    @Test
    void noRewriteKeepsTheCellsWritesTheNotebookAndExitsOneNamingTheCells() throws Exception {
        Path source = ipynb("kept.ipynb", "x = 1", "x = 2", "print(x)");

        Result r = cli.cellar("import", source.toString(), "--no-rewrite");

        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(Files.readString(cli.dir().resolve("kept.py"))).contains("x = 1\n", "x = 2\n");
        assertThat(r.err()).contains("cellar: cell 0: MultipleDefinitionError", "cell 1: MultipleDefinitionError",
                "kept.py was written");
    }

    @Test
    void aNameHiddenInEvalIsLeftAloneAndReported() throws Exception {
        Path source = ipynb("hidden.ipynb", "x = 1", "x = 2\ny = eval('x + 1')", "print(x)");
        Path report = cli.dir().resolve("hidden-report.txt");

        Result r = cli.cellar("import", source.toString(), "--report", report.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("x is used through a string or globals() in cell 1");
        assertThat(Files.readString(report)).contains("problem: x is used through a string", "problem: cell 0: "
                + "MultipleDefinitionError");
    }

    @Test
    void ipythonSyntaxBecomesPython() throws Exception {
        Path source = ipynb("ipy.ipynb", "import numpy as np\nnp.sum?", "%time y = 6 * 7\nprint('y', y)",
                "%env CELLAR_TEST_VAR=hello\nimport os\nprint(os.environ['CELLAR_TEST_VAR'])", "out = !echo hi\nprint(out)",
                "%timeit -n 3 sum(range(10))", "doc = '''\nWhy?\n%cd not here\n'''");

        Result r = cli.cellar("import", source.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        String py = Files.readString(cli.dir().resolve("ipy.py"));
        assertThat(py).contains("help(np.sum)  # cellar: was np.sum?", "y = 6 * 7\n",
                "os.environ[\"CELLAR_TEST_VAR\"] = \"hello\"", "subprocess.run(\"echo hi\", shell=True");
        Result run = cli.cellar("run", cli.dir().resolve("ipy.py").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("y 42", "CPU times: user ", "Wall time:", "hello", "['hi']",
                "per loop (mean ± std. dev. of 7 runs, 3 loops each)");
        assertThat(py).contains("        sum(range(10))\n", "\nWhy?\n%cd not here\n"); // a string's lines stay text
    }

    @Test
    void timedCellsRunTheirCodeAndTheTimedOnesValueIsShown() throws Exception {
        Path source = ipynb("timed.ipynb", "%%time\nbase = 40\nbase + 2", "%%timeit -n 2 -r 2\nscratch = [base] * 3",
                "print('scratch' in dir(), base)");

        Result r = cli.cellar("import", source.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("%%time became Python", "%%timeit -n 2 -r 2 became Python");
        Result run = cli.cellar("run", cli.dir().resolve("timed.py").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("CPU times: user ", "Wall time: ", "42",
                "per loop (mean ± std. dev. of 2 runs, 2 loops each)", "False 40");

        // the same code on the embedded GraalPy, whose os module is not CPython's
        Path py = cli.dir().resolve("timed.py");
        cli.cellar("close", py.toString());
        Files.writeString(py, "# cellar: python=graalpy\n\n" + Files.readString(py));
        Result graal = cli.cellar("run", py.toString());
        assertThat(graal.exit()).as(graal.err()).isZero();
        assertThat(graal.out()).contains("CPU times: user ", "Wall time: ", "42",
                "per loop (mean ± std. dev. of 2 runs, 2 loops each)", "False 40");
        assertThat(Json.MAPPER.readTree(cli.cellar("show", "--json", py.toString()).out())
                .at("/kernel/implementation").asText()).isEqualTo("GraalPy");
    }

    @Test
    void runningAnIpynbRewritesItForTheRunOnlyAndWritesNothingBesideIt() throws Exception {
        Path folder = Files.createDirectories(cli.dir().resolve("as-jupyter"));
        Path source = Files.move(ipynb("jupyter.ipynb", JUPYTER_STYLE), folder.resolve("jupyter.ipynb"));
        byte[] before = Files.readAllBytes(source);

        Result run = cli.cellar("run", source.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("total 12", "a 3");
        assertThat(run.err()).contains("cellar: note: jupyter.ipynb: x → x_1 in cells 2, 4 (for this run)")
                .doesNotContain("MultipleDefinitionError");
        assertThat(Files.readAllBytes(source)).isEqualTo(before);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("jupyter.ipynb");
        }
        Result quiet = cli.cellar("run", "-q", source.toString());
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.err()).doesNotContain("note:");
    }

    @Test
    void fixRewritesANotebookAsOneEditThatRewindUndoes() throws Exception {
        Path nb = Files.writeString(cli.dir().resolve("fixme.py"), "# %% id=\"a\"\nx = 1\n\n# %% id=\"b\"\nx = 2\n\n"
                + "# %% id=\"c\"\nprint(x)\n", StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(nb);

        Result r = cli.cellar("fix", nb.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("x \u2192 _x in cell 0 (used only there)", "rewrote 1 cell of");
        assertThat(Files.readString(nb)).contains("_x = 1\n", "x = 2\n");
        assertThat(cli.cellar("fix", nb.toString()).out()).contains("nothing to change");

        Result undo = cli.cellar("chat", nb.toString(), "--rewind", r.out().replaceAll("(?s).*--rewind (\\S+)\\).*", "$1"));
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(Files.readAllBytes(nb)).isEqualTo(before);
    }
}
