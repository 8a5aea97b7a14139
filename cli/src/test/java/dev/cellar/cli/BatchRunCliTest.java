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
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** cellar run as a CI job: exit codes, parameters, reports, Jupyter round trip, and the same results with --standalone. */
@Timeout(300)
class BatchRunCliTest {
    @TempDir
    static Path dir;
    static Daemon daemon;
    static Path socket;
    Path work;

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

    @BeforeEach
    void copyExamples() throws Exception {
        work = Files.createTempDirectory(dir, "work");
        Path examples = Path.of(System.getProperty("user.dir")).getParent().resolve("examples");
        try (var files = Files.list(examples)) {
            for (Path f : files.toList()) {
                Files.copy(f, work.resolve(f.getFileName()));
            }
        }
    }

    static Result cellar(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--socket=" + socket);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CellarMain.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    private String notebook(String name, String text) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, text);
        return file.toString();
    }

    @Test
    void exitCodesSaySuccessFailureTimeoutAndBadUsage() throws Exception {
        Result ok = cellar("run", work.resolve("text_stats.py").toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("('it', 6)");
        assertThat(ok.err()).contains("[1/4]", "[4/4]", "4 cells: 4 ok");

        Result fail = cellar("run", "-q", notebook("fail.py", "# %% id=good\nx = 1\n\n# %% id=bad\ny = x\nz = y / 0\n"));
        assertThat(fail.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(fail.err()).contains("cell bad failed at line 2: ZeroDivisionError").doesNotContain("[1/");

        long t0 = System.nanoTime();
        Result slow = cellar("run", "--timeout", "1.5", notebook("slow.py", "# %% id=spin\nwhile True:\n    pass\n"));
        assertThat(slow.exit()).isEqualTo(ExitCode.TIMEOUT);
        assertThat(slow.err()).contains("exceeded --timeout 1.5 s");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);

        assertThat(cellar("run", "--no-such-option", work.resolve("text_stats.py").toString()).exit()).isEqualTo(ExitCode.USAGE);
        Result cellTimeout = cellar("run", "-q", "--cell-timeout", "0.5", work.resolve("slow.py").toString());
        assertThat(cellTimeout.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(cellTimeout.err()).contains("TimeoutError");
    }

    @Test
    void parametersOverrideTheParametersCell() throws Exception {
        String nb = work.resolve("sales_report.py").toString();
        Result defaults = cellar("run", "-q", nb);
        assertThat(defaults.exit()).as(defaults.err()).isZero();
        assertThat(defaults.out()).contains("total 722.49 EUR");

        Result given = cellar("run", "-q", nb, "-p", "min_amount=100", "-p", "currency=USD");
        assertThat(given.exit()).as(given.err()).isZero();
        assertThat(given.out()).contains("total 420.50 USD").doesNotContain("south");

        Path params = work.resolve("p.json");
        Files.writeString(params, "{\"min_amount\": 1000}");
        Result tooHigh = cellar("run", "-q", nb, "--params", params.toString());
        assertThat(tooHigh.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(tooHigh.err()).contains("AssertionError: no sales above the threshold");

        Result unknown = cellar("run", "-q", nb, "-p", "speed=3");
        assertThat(unknown.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(unknown.err()).contains("does not define speed");
        assertThat(Files.readString(Path.of(nb))).as("batch runs leave the notebook as it was").contains("min_amount = 0");
    }

    @Test
    void theJunitReportValidatesAndTheHtmlReportShowsEveryCell() throws Exception {
        String nb = notebook("mixed.py", "# %% [markdown] id=m\n# # Title\n\n# %% id=a\nprint('hello <world>')\n41 + 1\n\n"
                + "# %% id=b\n1 / 0\n\n# %% [sql] id=q out=t\n# SELECT 7 AS seven, 'x' AS letter\n");
        Path junit = work.resolve("out/junit.xml");
        Path html = work.resolve("out/report.html");
        Path json = work.resolve("out/report.json");
        Result r = cellar("run", "-q", nb, "--junit", junit.toString(), "--html", html.toString(), "--json", json.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);

        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/junit.xsd")).newValidator().validate(new StreamSource(junit.toFile()));
        assertThat(junit).content().contains("tests=\"3\" failures=\"1\"", "<system-out>hello &lt;world&gt;",
                "type=\"ZeroDivisionError\"");

        String page = Files.readString(html);
        assertThat(page).contains("Title", "print(&#39;hello".replace("&#39;", "'"), "hello &lt;world&gt;", "42",
                "ZeroDivisionError", "<th title=", "seven", "<td>7</td>", "cell-a", "cell-b", "cell-q");

        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.path("exitCode").asInt()).isEqualTo(1);
        assertThat(report.path("cells")).hasSize(4);
        assertThat(report.at("/cells/1/status").asText()).isEqualTo("ok");
        assertThat(report.at("/cells/1/durationMillis").isNumber()).isTrue();
    }

    @Test
    void anExecutedIpynbIsValidAndImportsBackIntoTheSameNotebook() throws Exception {
        String nb = work.resolve("sales_report.py").toString();
        Path ipynb = work.resolve("executed.ipynb");
        assertThat(cellar("run", "-q", nb, "--out", ipynb.toString()).exit()).isZero();
        JsonNode doc = Json.MAPPER.readTree(ipynb.toFile());
        assertThat(doc.path("nbformat").asInt()).isEqualTo(4);
        assertThat(doc.at("/cells/1/metadata/tags/0").asText()).isEqualTo("parameters");
        assertThat(doc.at("/cells/2/source/0").asText()).isEqualTo("%%sql by_region <<\n");
        validateWithNbformatIfAvailable(ipynb);

        Path back = work.resolve("back.py");
        Result imported = cellar("import", ipynb.toString(), "-o", back.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        Result again = cellar("run", "-q", back.toString(), "-p", "min_amount=100");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("total 420.50 EUR");

        Result runIpynb = cellar("run", "-q", ipynb.toString());
        assertThat(runIpynb.exit()).as(runIpynb.err()).isZero();
        assertThat(runIpynb.out()).contains("total 722.49 EUR");
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("cellar-run"));
        }
    }

    @Test
    void exportWritesIpynbHtmlAndMarkdown() throws Exception {
        String nb = work.resolve("text_stats.py").toString();
        cellar("run", "-q", nb);
        for (String format : List.of("ipynb", "html", "md")) {
            Result r = cellar("export", nb, "--to", format);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(work.resolve("text_stats." + format)).content().contains("most_common");
        }
        assertThat(work.resolve("text_stats.md")).content().contains("```python", "('it', 6)");
    }

    @Test
    void realWorldNotebooksGiveTheSameResultsWithAndWithoutADaemon() throws Exception {
        for (String name : List.of("sales_report.py", "text_stats.py", "tour.py")) {
            Path viaDaemon = work.resolve(name + ".daemon.json");
            Path alone = work.resolve(name + ".standalone.json");
            Result a = cellar("run", "-q", work.resolve(name).toString(), "--json", viaDaemon.toString());
            Result b = cellar("run", "-q", "--standalone", work.resolve(name).toString(), "--json", alone.toString());
            assertThat(a.exit()).as(name + ": " + a.err()).isZero();
            assertThat(b.exit()).as(name + ": " + b.err()).isZero();
            assertThat(b.out()).isEqualTo(a.out());
            assertThat(results(alone)).isEqualTo(results(viaDaemon));
        }
    }

    @Test
    void completionScriptsForBashAndZsh() {
        Result bash = plain("completion", "bash");
        assertThat(bash.exit()).isZero();
        assertThat(bash.out()).contains("complete -F", "cellar", "chat", "export");
        assertThat(plain("completion", "zsh").out()).startsWith("autoload -U +X compinit");
        assertThat(plain("completion", "fish").exit()).isEqualTo(ExitCode.USAGE);
    }

    /** A command that does not talk to the daemon. */
    private static Result plain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CellarMain.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    /** What a run produced, without timings. */
    private static List<String> results(Path json) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode c : Json.MAPPER.readTree(json.toFile()).path("cells")) {
            out.add(c.path("id").asText() + " " + c.path("status").asText() + " " + c.path("outputs") + " " + c.path("error"));
        }
        return out;
    }

    private static void validateWithNbformatIfAvailable(Path ipynb) throws Exception {
        Process check = new ProcessBuilder("/usr/bin/python3", "-c", "import nbformat, sys; "
                + "nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", ipynb.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        check.waitFor(60, TimeUnit.SECONDS);
        if (output.contains("No module named 'nbformat'")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(!"true".equals(System.getenv("CI")),
                    "CI must have python3-nbformat (.ci/run installs it)");
            return; // developer machine without nbformat: the structural checks above still ran
        }
        assertThat(output.strip()).isEqualTo("valid");
    }
}
