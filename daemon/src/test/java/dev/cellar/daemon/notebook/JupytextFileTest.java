package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.protocol.model.CellInfo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file Jupytext wrote, edited through the daemon as a client edits it: only the edited cell
 * and the ids Cellar adds change; the cell keeps its title, metadata and markdown form.
 */
class JupytextFileTest {
    @TempDir
    Path dir;

    @Test
    void anEditKeepsTheCellsTitleMetadataAndEveryOtherLine() throws Exception {
        String original = resource("titles_and_metadata.py");
        Path file = Files.writeString(dir.resolve("titles.py"), original);
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services()))) {
            List<CellInfo> cells = nb.snapshot().cells();
            nb.call(new Command.UpdateCell(cells.get(1).id(), "import csv\n\nrows = []", null, false, null, null));

            List<String> was = original.lines().toList();
            List<String> is = Files.readString(file).lines().toList();
            assertThat(is).contains("# %% Load the data id=\"" + cells.get(1).id() + "\"", "rows = []",
                    "# %% Summarise id=\"" + cells.get(2).id() + "\" tags=[\"summary\", \"keep\"]",
                    "# %% [markdown] id=\"" + cells.get(0).id() + "\" slideshow={\"slide_type\": \"slide\"}",
                    "# %% id=\"" + cells.get(6).id() + "\" tags=[\"parameters\"]");
            assertThat(is).hasSameSizeAs(was);
            int changed = 0;
            for (int i = 0; i < was.size(); i++) {
                if (was.get(i).equals(is.get(i))) {
                    continue;
                }
                if (was.get(i).startsWith("rows = [{")) {
                    assertThat(is.get(i)).isEqualTo("rows = []");
                    changed++;
                } else {
                    assertThat(is.get(i)).as("only marker lines gain an id").startsWith(was.get(i).substring(0, 4))
                            .contains(" id=\"");
                }
            }
            assertThat(changed).isEqualTo(1);
        }
    }

    @Test
    void tripleQuotedMarkdownAndShortCellTypesStayAsTheyWere() throws Exception {
        Path quoted = Files.writeString(dir.resolve("quoted.py"), resource("triple_quoted.py"));
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", quoted, false, TestDaemonParts.services()))) {
            String id = nb.snapshot().cells().getFirst().id();
            nb.call(new Command.UpdateCell(id, "# A shorter report", null, false, null, null));
            assertThat(Files.readString(quoted)).contains("# %% [markdown] id=\"" + id + "\"\n\"\"\"\n# A shorter report\n\"\"\"\n\n");
        }
        Path md = Files.writeString(dir.resolve("md.py"), resource("raw_and_markdown.py"));
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", md, false, TestDaemonParts.services()))) {
            List<CellInfo> cells = nb.snapshot().cells();
            nb.call(new Command.UpdateCell(cells.get(1).id(), "Short type kept.", null, false, null, null));
            nb.call(new Command.UpdateCell(cells.get(2).id(), "Title kept.", null, false, null, null));
            assertThat(Files.readString(md)).contains("# %% [md] id=\"" + cells.get(1).id() + "\"\n# Short type kept.\n",
                    "# %% Introduction [markdown] id=\"" + cells.get(2).id() + "\"\n# Title kept.\n",
                    "# %% [raw]\n".replace("\n", " id=\"" + cells.get(0).id() + "\"\n") + "# ---\n# title: \"Quarterly report\"");
        }
    }

    @Test
    void aRawCellIsWrittenAsJupytextHasItAndNeverRunsOrIsAnalysed() throws Exception {
        Path file = Files.writeString(dir.resolve("raw.py"), "# %% [raw]\n# {{ x = y }}\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services()))) {
            CellInfo raw = nb.snapshot().cells().getFirst();
            assertThat(raw.kind()).isEqualTo(dev.cellar.protocol.model.CellKind.RAW);
            assertThat(raw.code()).isEqualTo("{{ x = y }}");
            assertThat(raw.defs()).isEmpty();
            String added = ((dev.cellar.protocol.method.CellResult) nb.call(new Command.CreateCell(
                    dev.cellar.protocol.model.CellKind.RAW, "import os", null, null, null))).cell().id();
            nb.runAll();
            assertThat(nb.snapshot().cells()).extracting(CellInfo::status)
                    .containsOnly(dev.cellar.protocol.model.CellStatus.IDLE);
            assertThat(nb.cell(added).defs()).as("never analysed").isEmpty();
            assertThat(Files.readString(file)).isEqualTo("# %% [raw] id=\"" + raw.id() + "\"\n# {{ x = y }}\n\n"
                    + "# %% [raw] id=\"" + added + "\"\n# import os\n");
        }
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = JupytextFileTest.class.getResourceAsStream("/dev/cellar/daemon/store/jupytext/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
