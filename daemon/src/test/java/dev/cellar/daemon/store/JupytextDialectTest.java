package dev.cellar.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.CellKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files in Jupytext's dialect of the percent format (our own, under
 * {@code resources/dev/cellar/daemon/store/jupytext/}: titles, raw cells, {@code [md]},
 * triple-quoted markdown, cell metadata, the YAML header, commented magics) come back as they
 * were: saved with no edit they differ only by the ids Cellar adds, and an edit of one cell
 * changes only that cell. What Cellar writes on a marker line is metadata Jupytext reads
 * ({@link JupytextReader}).
 */
class JupytextDialectTest {
    private static final Pattern VS_CODE_MARKER = Pattern.compile("^(#\\s*%%|#\\s*<codecell>|#\\s*In\\[\\d*?]|#\\s*In\\[ ])");
    private static final Pattern JUPYTEXT_MAGIC = Pattern.compile("^\\s*(# |#)*(%|%%|%%%)[a-zA-Z]");

    static List<String> files() {
        return List.of("titles_and_metadata.py", "raw_and_markdown.py", "triple_quoted.py", "magics.py",
                "json_metadata.py", "cellar_header.py");
    }

    @ParameterizedTest
    @MethodSource("files")
    void savedWithNoEditTheFileDiffersOnlyByTheIdsCellarAdds(String name) {
        String text = resource(name);
        StoredNotebook read = PercentFormat.parse(text);
        assertThat(PercentFormat.format(read)).as("before ids are given: byte for byte").isEqualTo(text);

        StoredNotebook nb = withIds(read);
        String saved = PercentFormat.format(nb);
        List<String> before = List.of(text.split("\n", -1));
        List<String> after = List.of(saved.split("\n", -1));
        assertThat(after).hasSameSizeAs(before);
        int cell = 0;
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).equals(after.get(i))) {
                continue;
            }
            assertThat(MarkerLine.isMarker(before.get(i))).as("line %d changed: %s", i + 1, after.get(i)).isTrue();
            String id = idOn(after.get(i));
            assertThat(id).as("line %d", i + 1).isNotNull();
            JupytextReader.Header was = JupytextReader.read(before.get(i));
            JupytextReader.Header is = JupytextReader.read(after.get(i));
            Map<String, Object> expected = new LinkedHashMap<>(was.metadata());
            expected.put("id", id);
            assertThat(is.wellFormed()).as(after.get(i)).isTrue();
            assertThat(is.metadata()).as("Jupytext reads %s", after.get(i)).isEqualTo(expected);
            assertThat(is.cellType()).isEqualTo(was.cellType());
            cell++;
        }
        assertThat(cell).as("every cell got its id").isEqualTo(read.cells().size());

        StoredNotebook back = PercentFormat.parse(saved);
        assertThat(back.header()).isEqualTo(read.header());
        assertThat(back.cells()).extracting(StoredCell::code).containsExactlyElementsOf(
                read.cells().stream().map(StoredCell::code).toList());
        assertThat(back.cells()).extracting(StoredCell::kind).containsExactlyElementsOf(
                read.cells().stream().map(StoredCell::kind).toList());
        assertThat(back.cells()).extracting(StoredCell::id).containsExactlyElementsOf(
                nb.cells().stream().map(StoredCell::id).toList());
        assertThat(PercentFormat.format(back)).as("and saved again, byte for byte").isEqualTo(saved);
    }

    @ParameterizedTest
    @MethodSource("files")
    void anEditOfOneCellChangesOnlyThatCell(String name) {
        StoredNotebook nb = withIds(PercentFormat.parse(resource(name)));
        String base = PercentFormat.format(nb);
        for (int i = 0; i < nb.cells().size(); i++) {
            StoredCell c = nb.cells().get(i);
            String code = c.code().isEmpty() ? "edited = 1" : c.kind() == CellKind.PYTHON
                    ? c.code() + "\nedited = 1\n# %%time" : c.code() + "\nEdited, with a line like %% a marker.";
            List<StoredCell> cells = new ArrayList<>(nb.cells());
            cells.set(i, new StoredCell(c.id(), c.kind(), code, c.out(), c.markerExtra(), c.file()));
            String edited = PercentFormat.format(new StoredNotebook(nb.header(), nb.settings(), cells));

            Blocks was = Blocks.of(base);
            Blocks is = Blocks.of(edited);
            assertThat(is.header()).isEqualTo(was.header());
            assertThat(is.cells()).hasSameSizeAs(was.cells());
            for (int j = 0; j < was.cells().size(); j++) {
                if (j == i) {
                    assertThat(is.cells().get(j).getFirst()).as("%s: the edited cell's marker line", name)
                            .isEqualTo(was.cells().get(j).getFirst());
                } else {
                    assertThat(is.cells().get(j)).as("%s: cell %d after editing cell %d", name, j, i)
                            .isEqualTo(was.cells().get(j));
                }
            }
            StoredCell back = PercentFormat.parse(edited).cells().get(i);
            assertThat(back.code()).isEqualTo(code);
            assertThat(back.kind()).isEqualTo(c.kind());
            assertThat(back.markerExtra()).isEqualTo(c.markerExtra());
            if (c.file() != null && c.file().body().startsWith("\"\"\"")) {
                assertThat(is.cells().get(i).get(1)).as("triple-quoted markdown stays so").startsWith("\"\"\"");
            }
        }
    }

    @Test
    void eachFormOfTheDialectReadsAsJupytextReadsIt() {
        List<StoredCell> titles = PercentFormat.parse(resource("titles_and_metadata.py")).cells();
        assertThat(titles.get(1).markerExtra()).isEqualTo("# %% Load the data");
        assertThat(titles.get(4).code()).startsWith("[quarter_total(q)");
        assertThat(titles.get(4).markerExtra()).isEqualTo("# %%% A sub cell, as Spyder has them");

        List<StoredCell> raw = PercentFormat.parse(resource("raw_and_markdown.py")).cells();
        assertThat(raw).extracting(StoredCell::kind).containsExactly(CellKind.RAW, CellKind.MARKDOWN, CellKind.MARKDOWN,
                CellKind.PYTHON, CellKind.RAW, CellKind.MARKDOWN, CellKind.PYTHON);
        assertThat(raw.get(0).code()).startsWith("---\ntitle: \"Quarterly report\"").endsWith("    toc: true\n---");
        assertThat(raw.get(4).code()).isEqualTo("This raw cell is passed through as is: {{ not a template }}\n  indented line");
        assertThat(raw.get(5).code()).contains("\n# %% not a cell\nand a magic: %%time");

        List<StoredCell> quoted = PercentFormat.parse(resource("triple_quoted.py")).cells();
        assertThat(quoted.get(0).code()).startsWith("# A report in triple quotes\n\nMarkdown").endsWith("at each step.");
        assertThat(quoted.get(2).code()).isEqualTo("Single quotes work too, and *emphasis* stays.");
        assertThat(quoted.get(4).code()).isEqualTo("A raw string keeps backslashes: $\\alpha + \\beta$.");
        assertThat(quoted.get(5).code()).isEqualTo("One line in quotes.");

        List<StoredCell> magics = PercentFormat.parse(resource("magics.py")).cells();
        assertThat(magics.get(1).code()).as("a line from the file is code as it was").startsWith("# %%time\n");
        assertThat(magics.get(3).code()).as("as Jupytext reads it").startsWith("# %%capture\n");

        StoredNotebook header = PercentFormat.parse(resource("cellar_header.py"));
        assertThat(header.header()).startsWith("# ---\n# jupyter:").endsWith("# cellar: autorun=false cell-timeout=30\n\n");
        assertThat(header.settings().autorun()).isFalse();
    }

    @Test
    void anEditedTripleQuotedCellStaysQuotedAndFallsBackToCommentsOnlyWhenItMust() {
        StoredNotebook nb = withIds(PercentFormat.parse(resource("triple_quoted.py")));
        StoredCell md = nb.cells().getFirst();
        assertThat(edit(nb, 0, "New text\nwith \\d a backslash")).contains("# %% [markdown] id=\"id0000\"\nr\"\"\"\nNew text\n");
        assertThat(edit(nb, 0, "Has \"\"\" inside")).contains("# %% [markdown] id=\"id0000\"\n# Has \"\"\" inside\n\n");
        assertThat(edit(nb, 5, "Still one line")).contains("\n\"\"\"Still one line\"\"\"\n");
        assertThat(md.kind()).isEqualTo(CellKind.MARKDOWN);
    }

    @Test
    void theKeysCellarWritesAreMetadataJupytextReads() {
        String[] extras = {"", "tags=[\"parameters\"]", "# %% Load the data", "# %% Notes [md]", "# %% {\"tags\": [\"a\"]}",
            "# %% [markdown] slideshow={\"slide_type\": \"slide\"}", "# %%% Sub cell", "parameters", "# %% [raw]"};
        for (String extra : extras) {
            for (CellKind kind : CellKind.values()) {
                String out = kind == CellKind.SQL ? "df" : null;
                String line = PercentFormat.format(new StoredNotebook("", dev.cellar.daemon.model.Settings.DEFAULTS,
                        List.of(new StoredCell("k3f9a2", kind, "x", out, extra)))).lines().findFirst().orElseThrow();
                assertThat(JupytextReader.isStart(line)).as(line).isTrue();
                JupytextReader.Header h = JupytextReader.read(line);
                assertThat(h.wellFormed()).as(line).isTrue();
                assertThat(h.metadata()).as(line).containsEntry("id", "k3f9a2");
                assertThat(h.cellType()).as(line).isEqualTo(switch (kind) {
                    case MARKDOWN -> "markdown";
                    case RAW -> "raw";
                    case PYTHON, SQL -> "code";
                });
                if (kind == CellKind.SQL) {
                    // what Jupytext sees of an SQL cell: a code cell titled [sql], with out, its SQL commented
                    assertThat(h.metadata()).as(line).containsEntry("out", "df");
                    assertThat((String) h.metadata().get("title")).as(line).endsWith("[sql]");
                }
                if (extra.contains("parameters")) {
                    assertThat(h.metadata()).as(line).containsEntry("tags", List.of("parameters"));
                }
                if (extra.contains("Load the data")) {
                    assertThat((String) h.metadata().get("title")).as(line).startsWith("Load the data");
                }
                StoredCell back = PercentFormat.parse(line + "\nx\n").cells().getFirst();
                assertThat(back.id()).isEqualTo("k3f9a2");
                assertThat(back.kind()).isEqualTo(kind);
                assertThat(back.out()).isEqualTo(out);
            }
        }
    }

    @Test
    void codeCellarWritesSplitsForNoReaderAndJupytextReadsItsMagicsBackAsCellarDoes() {
        String[] lines = {"# %%time", "#%%time", "# # %%capture", "    # %% inside a function", "# %% x", "#   %%",
            "# In[3]:", "# <codecell>", "# \\%% old escape"};
        for (String line : lines) {
            String code = "a = 1\n" + line + "\nb = 2";
            String file = PercentFormat.format(new StoredNotebook("", dev.cellar.daemon.model.Settings.DEFAULTS,
                    List.of(new StoredCell("a1", CellKind.PYTHON, code, null, ""))));
            String written = file.split("\n")[2];
            assertThat(VS_CODE_MARKER.matcher(written).find()).as(written).isFalse();
            assertThat(JupytextReader.isStart(written)).as(written).isFalse();
            assertThat(MarkerLine.isMarker(written)).as(written).isFalse();
            assertThat(PercentFormat.parse(file).cells().getFirst().code()).isEqualTo(code);
            if (JUPYTEXT_MAGIC.matcher(written).find()) {
                assertThat(jupytextUncommentMagic(written)).as("Jupytext reads %s", written).isEqualTo(line);
            }
        }
    }

    /** Jupytext's {@code unesc} of a line its {@code is_magic} takes for a (commented) magic. */
    private static String jupytextUncommentMagic(String line) {
        String unindented = line.stripLeading();
        String indent = line.substring(0, line.length() - unindented.length());
        return indent + (unindented.startsWith("# ") ? unindented.substring(2) : unindented.substring(1));
    }

    private static String edit(StoredNotebook nb, int index, String code) {
        List<StoredCell> cells = new ArrayList<>(nb.cells());
        StoredCell c = cells.get(index);
        cells.set(index, new StoredCell(c.id(), c.kind(), code, c.out(), c.markerExtra(), c.file()));
        String text = PercentFormat.format(new StoredNotebook(nb.header(), nb.settings(), cells));
        assertThat(PercentFormat.parse(text).cells().get(index).code()).isEqualTo(code);
        return text;
    }

    /** The notebook with an id for each cell that has none, as the daemon gives them on opening. */
    private static StoredNotebook withIds(StoredNotebook nb) {
        List<StoredCell> cells = new ArrayList<>();
        for (int i = 0; i < nb.cells().size(); i++) {
            StoredCell c = nb.cells().get(i);
            cells.add(c.id() != null ? c : new StoredCell("id%04d".formatted(i), c.kind(), c.code(), c.out(),
                    c.markerExtra(), c.file()));
        }
        return new StoredNotebook(nb.header(), nb.settings(), cells, nb.problems());
    }

    private static String idOn(String markerLine) {
        Object id = JupytextReader.read(markerLine).metadata().get("id");
        return id instanceof String s ? s : null;
    }

    /** A file's lines: those before the first marker, and each cell's from its marker line on. */
    private record Blocks(List<String> header, List<List<String>> cells) {
        static Blocks of(String text) {
            List<String> header = new ArrayList<>();
            List<List<String>> cells = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (MarkerLine.isMarker(line)) {
                    cells.add(new ArrayList<>());
                }
                (cells.isEmpty() ? header : cells.getLast()).add(line);
            }
            return new Blocks(header, cells);
        }
    }

    static String resource(String name) {
        try (InputStream in = JupytextDialectTest.class.getResourceAsStream("jupytext/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
