package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21's corpus: small notebooks of our own in the styles real notebooks use
 * ({@code src/test/resources/jupyter-corpus}), each run by {@code jupyter nbconvert --execute}
 * and by {@code cellar import} + {@code cellar run}; the text of every code cell's outputs must
 * be Jupyter's after {@link #normalise}. Notebooks whose style breaks the one-definition rule
 * run through import's source rewrite; {@link #NEEDS_REWRITE} lists those whose text still
 * differs, with the reason; they are run and reported, not asserted.
 *
 * <p>Normalisations (what legitimately differs): object addresses ({@code 0x7f…}) and the word
 * {@code object} IPython's pretty printer drops from default reprs; durations ({@code 89 µs},
 * {@code 0.000023 s}) and how many runs and loops {@code %timeit} made; {@code \r\n} line ends and trailing blanks; consecutive stream chunks
 * of one stream joined (how text is split into outputs is transport). Whether a value was
 * displayed or the cell's result (Jupyter's {@code display_data}/{@code execute_result}) is
 * compared with its text. {@code obj?}: Jupyter puts the help in a pager payload, which
 * nbconvert does not keep, so its cell has no output; Cellar has no pager and prints
 * {@code help(obj)} (what import makes of the line): such a cell is expected to show pydoc's
 * help for that object, as the same Python renders it ({@link #helpPages}).
 * Random values are seeded in the corpus, so they are compared as they are. Images are
 * compared by their size in pixels. A colour's SGR sequence is compared by what it sets:
 * Cellar writes each style from a reset ({@code ESC[0;31m}), the same colour as {@code ESC[31m}.
 */
@Timeout(900)
class JupyterCorpusTest {
    @RegisterExtension
    static CliHarness cli = new CliHarness();

    /**
     * Notebook → why its text still differs from Jupyter's after import's rewrite (run and
     * reported, not asserted). The other notebooks that break the one-definition rule
     * (reused_fig_ax, reused_x, repeated_imports, loops, augmented) run through the rewrite
     * and are asserted like the rest.
     */
    static final Map<String, String> NEEDS_REWRITE = Map.of();

    /** A code cell of {@code obj?} / {@code obj??} lines alone (IPython's help), and the object. */
    private static final Pattern HELP_CELL = Pattern.compile("\\s*(?:\\?{1,2}([A-Za-z_][\\w.]*)|([A-Za-z_][\\w.]*)\\?{1,2})\\s*");

    private static final Pattern ADDRESS = Pattern.compile("(?: object)? at 0x[0-9a-fA-F]+");
    private static final Pattern DURATION = Pattern.compile("\\d+(?:\\.\\d+)?\\s?(?:ns|µs|us|ms|s)\\b");
    /** How many runs and loops %timeit made: IPython picks loops by timing, Cellar bounds them. */
    private static final Pattern TIMEIT_COUNTS = Pattern.compile("of \\d+ runs?, [\\d,]+ loops? each");
    private static final Pattern TRAILING = Pattern.compile("[ \\t]+(?=\\n|$)");
    private static final Pattern SGR_RESET_FIRST = Pattern.compile("\u001b\\[0;(?=[0-9;]*m)");

    @Test
    void everyNotebookThatRunsInJupyterGivesTheSameTextInCellar() throws Exception {
        String nbconvert = nbconvert();
        assumeTrue(nbconvert != null, "jupyter nbconvert is not installed (Debian: apt-get install jupyter-nbconvert)");
        assumeTrue(pythonHas("ipykernel") && pythonHas("pandas") && pythonHas("matplotlib"),
                "needs python3-ipykernel, python3-pandas and python3-matplotlib for /usr/bin/python3");
        Path corpus = corpus();
        Path work = Files.createDirectories(cli.dir().resolve("corpus"));
        List<String> names = new ArrayList<>();
        try (var files = Files.list(corpus)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                Files.copy(f, work.resolve(f.getFileName()));
                names.add(f.getFileName().toString().replaceFirst("\\.ipynb$", ""));
            }
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(15);
        Path jupyterOut = Files.createDirectories(work.resolve("jupyter"));
        runJupyter(nbconvert, work, jupyterOut, names);

        List<String> differ = new ArrayList<>();
        int same = 0;
        int rewriteSame = 0;
        StringBuilder report = new StringBuilder();
        for (String name : names) {
            List<String> jupyter = helpPages(jupyterOut.resolve(name + ".ipynb"), texts(jupyterOut.resolve(name + ".ipynb")));
            List<String> cellar = cellar(work, name);
            boolean equal = jupyter.equals(cellar);
            String reason = NEEDS_REWRITE.get(name);
            if (reason != null) {
                rewriteSame += equal ? 1 : 0;
                report.append(String.format("  %-20s %s (known to differ: %s)%n", name,
                        equal ? "same as Jupyter" : "differs", reason));
            } else if (equal) {
                same++;
                report.append(String.format("  %-20s same as Jupyter%n", name));
            } else {
                differ.add(name + "\n    jupyter: " + jupyter + "\n    cellar:  " + cellar);
                report.append(String.format("  %-20s DIFFERS%n", name));
            }
        }
        int asserted = names.size() - NEEDS_REWRITE.size();
        System.out.printf("Jupyter corpus: %d of %d notebooks give Jupyter's text in Cellar; %d of %d known to "
                + "differ now do too%n%s", same, asserted, rewriteSame, NEEDS_REWRITE.size(), report);
        assertThat(differ).as("notebooks whose text differs from Jupyter's").isEmpty();
    }

    // ---- the two runs

    private static void runJupyter(String nbconvert, Path work, Path out, List<String> names) throws Exception {
        List<String> command = new ArrayList<>(List.of(nbconvert, "--to", "notebook", "--execute", "--allow-errors",
                "--ExecutePreprocessor.timeout=300", "--output-dir", out.toString()));
        names.forEach(n -> command.add(work.resolve(n + ".ipynb").toString()));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("nbconvert finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(log).isZero();
    }

    /** cellar import, then the notebook on the same Python as Jupyter's kernel, then cellar run --out. */
    private static List<String> cellar(Path work, String name) throws IOException {
        Path py = work.resolve(name + ".py");
        CliHarness.Result imported = cli.cellar("import", work.resolve(name + ".ipynb").toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        cli.cellar("close", py.toString());
        Files.writeString(py, "# cellar: python=/usr/bin/python3\n\n" + Files.readString(py));
        Path out = work.resolve(name + ".cellar.ipynb");
        CliHarness.Result run = cli.cellar("run", "-q", "--out", out.toString(), py.toString());
        if (!Files.exists(out)) {
            return List.of("cellar run wrote nothing: " + run.err());
        }
        return texts(out);
    }

    // ---- what is compared

    /** Per code cell: its outputs as normalised text. */
    static List<String> texts(Path ipynb) throws IOException {
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : Json.MAPPER.readTree(ipynb.toFile()).path("cells")) {
            if (!cell.path("cell_type").asText().equals("code")) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            String stream = null;
            StringBuilder streamed = new StringBuilder();
            for (JsonNode o : cell.path("outputs")) {
                String type = o.path("output_type").asText();
                if (type.equals("stream")) {
                    String name = o.path("name").asText();
                    if (!name.equals(stream) && stream != null) {
                        parts.add(stream + ": " + normalise(streamed.toString()));
                        streamed.setLength(0);
                    }
                    stream = name;
                    streamed.append(text(o.path("text")));
                    continue;
                }
                if (stream != null) {
                    parts.add(stream + ": " + normalise(streamed.toString()));
                    streamed.setLength(0);
                    stream = null;
                }
                if (type.equals("error")) {
                    parts.add("error: " + o.path("ename").asText() + ": " + normalise(o.path("evalue").asText()));
                } else {
                    JsonNode data = o.path("data");
                    String png = data.path("image/png").asText(null);
                    String kind = type.equals("execute_result") ? "result" : type.equals("display_data") ? "display" : type;
                    parts.add(kind + ": " + normalise(text(data.path("text/plain"))) + (png == null ? "" : " " + pngSize(png)));
                }
            }
            if (stream != null) {
                parts.add(stream + ": " + normalise(streamed.toString()));
            }
            cells.add(String.join(" | ", parts));
        }
        return cells;
    }

    /**
     * Jupyter's texts with each {@code obj?} cell's help filled in: nbconvert keeps no pager
     * payload, so the cell has no output there; Cellar shows {@code help(obj)}, pydoc's text,
     * which is what is expected (rendered here by the same Python). Any other output, or help
     * for another object, still differs.
     */
    static List<String> helpPages(Path ipynb, List<String> texts) throws Exception {
        List<String> out = new ArrayList<>(texts);
        int i = 0;
        for (JsonNode cell : Json.MAPPER.readTree(ipynb.toFile()).path("cells")) {
            if (!cell.path("cell_type").asText().equals("code")) {
                continue;
            }
            var help = HELP_CELL.matcher(text(cell.path("source")));
            if (help.matches() && out.get(i).isEmpty()) {
                out.set(i, "stdout: " + normalise(pydocHelp(help.group(1) != null ? help.group(1) : help.group(2))));
            }
            i++;
        }
        return out;
    }

    /** What {@code help(name)} prints on a pipe, for a name reached from a module ({@code math.sqrt}). */
    private static String pydocHelp(String name) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import importlib, pydoc, sys
                parts = sys.argv[1].split('.')
                obj = importlib.import_module(parts[0])
                for part in parts[1:]:
                    obj = getattr(obj, part)
                sys.stdout.write(pydoc.plain(pydoc.render_doc(obj, 'Help on %s:')))
                """, name).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    static String normalise(String text) {
        String t = text.replace("\r\n", "\n");
        t = ADDRESS.matcher(t).replaceAll(" at 0x…");
        t = DURATION.matcher(t).replaceAll("<duration>");
        t = TIMEIT_COUNTS.matcher(t).replaceAll("of <runs>, <loops> each");
        t = TRAILING.matcher(t).replaceAll("");
        t = SGR_RESET_FIRST.matcher(t).replaceAll("\u001b[");
        return t.strip();
    }

    private static String pngSize(String base64) {
        byte[] head = Base64.getMimeDecoder().decode(base64.substring(0, Math.min(base64.length(), 44)));
        ByteBuffer b = ByteBuffer.wrap(head);
        return "[png " + b.getInt(16) + "x" + b.getInt(20) + "]";
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            StringBuilder sb = new StringBuilder();
            value.forEach(l -> sb.append(l.asText()));
            return sb.toString();
        }
        return value.asText("");
    }

    // ---- what the machine has

    private static String nbconvert() {
        for (String candidate : List.of("/usr/bin/jupyter-nbconvert", "/usr/local/bin/jupyter-nbconvert")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean pythonHas(String module) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import " + module).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static Path corpus() throws URISyntaxException {
        return Path.of(JupyterCorpusTest.class.getResource("/jupyter-corpus").toURI());
    }
}
