package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notebook files through a session: what an edit writes, and what it leaves alone. */
class NotebookFileTest {
    @TempDir
    Path dir;

    @Test
    void aFileFromVsCodeOpensAndGetsIdsOnItsFirstSave() throws Exception {
        Path file = dir.resolve("vscode.py");
        Files.writeString(file, "import os\n# %% Load\ndata = [1, 2]\n# %%\ntotal = sum(data)\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services()))) {
            NotebookSnapshot opened = nb.snapshot();
            assertThat(opened.cells()).hasSize(3);
            assertThat(Files.readString(file)).as("opening alone writes nothing").doesNotContain("id=");

            nb.call(new Command.CreateCell(CellKind.MARKDOWN, "Notes", null, null, null));

            String saved = Files.readString(file);
            for (var cell : opened.cells()) {
                assertThat(saved).contains("id=\"" + cell.id() + "\"");
            }
            assertThat(saved).as("the title stays where Jupytext reads it, before the metadata")
                    .contains("# %% Load id=\"" + opened.cells().get(1).id() + "\"\ndata = [1, 2]\n",
                    "# %% [markdown] id=\"", "# Notes\n");
        }
        try (TestNotebook again = new TestNotebook(NotebookSession.open("t2", file, false, TestDaemonParts.services()))) {
            assertThat(again.snapshot().cells()).hasSize(4);
        }
    }

    @Test
    void aFileCellarWroteIsRewrittenByteForByteByAnEditThatChangesNothing() throws Exception {
        Path file = dir.resolve("cellar.py");
        String original = "# cellar: autorun=false\n\n# %% id=\"aa1111\"\nx = 1\n\n# %% [sql] id=\"bb2222\" out=\"t\"\n"
                + "# SELECT 1\n\n# %% [markdown] id=\"cc3333\"\n# # Title\n";
        Files.writeString(file, original);
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services()))) {
            nb.edit("aa1111", "x = 2");
            assertThat(Files.readString(file)).isEqualTo(original.replace("x = 1", "x = 2"));
            nb.edit("aa1111", "x = 1");
            assertThat(Files.readString(file)).isEqualTo(original);
        }
    }

    @Test
    void openingANotebookRemovesTheTempFilesOfItsInterruptedSavesOnly() throws Exception {
        Path file = dir.resolve("nb.py");
        Files.writeString(file, "# %% id=aa1111\nx = 1\n");
        Path stale = Files.writeString(dir.resolve(".nb.py.8861234567.tmp"), "# %% id=aa1111\nx = ");
        Path otherNotebooks = Files.writeString(dir.resolve(".other.py.42.tmp"), "");
        Path notOurs = Files.writeString(dir.resolve(".nb.py.backup.tmp"), "");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services()))) {
            assertThat(stale).doesNotExist();
            assertThat(otherNotebooks).exists();
            assertThat(notOurs).exists();
            assertThat(file).hasContent("# %% id=aa1111\nx = 1");
        }
    }

    @Test
    void aByteOrderMarkIsKeptAndHidesNoMarker() throws Exception {
        Path file = dir.resolve("bom.py");
        String original = "\uFEFF# %% id=\"aa1111\"\nx = 1\n\n# %% id=\"bb2222\"\ny = x\n";
        Files.writeString(file, original);
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services()))) {
            assertThat(nb.snapshot().cells()).extracting(c -> c.id()).containsExactly("aa1111", "bb2222");
            nb.edit("aa1111", "x = 2");
            assertThat(Files.readString(file)).isEqualTo(original.replace("x = 1", "x = 2"));
        }
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithWhereAndLeftUntouched() throws Exception {
        Path file = dir.resolve("latin1.py");
        byte[] latin1 = "# %% id=aa1111\nname = 'Jos\u00e9'\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        assertThatThrownBy(() -> NotebookSession.open("t", file, false, TestDaemonParts.services()))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("latin1.py: not UTF-8 text (byte 0xE9 at offset 26: line 2, byte 12 of the line)");
        assertThat(Files.readAllBytes(file)).isEqualTo(latin1);
    }

    @Test
    void duplicateIdsAndInvalidSettingsAreProblemsOfTheSnapshotAndTheNotebookStillOpens() throws Exception {
        Path file = dir.resolve("dup.py");
        Files.writeString(file, "# cellar: autorun=maybe\n\n# %% id=aa1111\nx = 1\n\n# %% id=aa1111\ny = 2\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services()))) {
            NotebookSnapshot s = nb.snapshot();
            String second = s.cells().get(1).id();
            assertThat(second).isNotEqualTo("aa1111");
            assertThat(s.problems()).containsExactly(
                    "setting autorun=maybe in the header: expected true or false; using autorun=true",
                    "cell id aa1111 appears more than once; cell [1] now has id " + second + " (written on the next save)");
        }
    }
}
