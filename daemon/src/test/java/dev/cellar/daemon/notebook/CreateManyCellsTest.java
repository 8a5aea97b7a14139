package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.store.AtomicFileWriter;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.method.CellsResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cell.createMany} (what {@code cellar import} sends): many cells as one edit, so one
 * analysis call and one durable save, and optionally rewritten by rewrite.py on the way in
 * ({@code cellar run X.ipynb}). Real Python analysis.
 */
class CreateManyCellsTest {
    @TempDir
    Path dir;

    /** Counts durable saves. */
    static final class CountingWriter extends AtomicFileWriter {
        final AtomicInteger saves = new AtomicInteger();

        @Override
        protected void force(FileChannel ch) throws IOException {
            saves.incrementAndGet();
            super.force(ch);
        }
    }

    private static Command.CreateCell cell(String code) {
        return new Command.CreateCell(CellKind.PYTHON, code, null, null, null, false, false);
    }

    @Test
    void manyCellsAreOneEditWithOneSaveInTheOrderGivenAndNoneRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("many.py"), "# %% id=\"first\"\nkeep = 1\n");
        CountingWriter writer = new CountingWriter();
        NotebookSession session = NotebookSession.open("m", file, false, TestDaemonParts.services(new NotebookStore(writer)));
        try {
            List<Command.CreateCell> cells = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                cells.add(cell("v" + i + " = keep + " + i));
            }
            cells.add(new Command.CreateCell(CellKind.MARKDOWN, "# notes", null, null, null, false, false));
            CellsResult r = session.submit(TestNotebook.USER, new Command.CreateCells(null, null, false, false, cells))
                    .get(60, TimeUnit.SECONDS);

            assertThat(writer.saves.get()).as("one durable save for 201 cells").isEqualTo(1);
            assertThat(r.cellIds()).hasSize(201).doesNotHaveDuplicates().doesNotContain("first");
            assertThat(r.changes()).isEmpty();
            NotebookSnapshot nb = session.submit(TestNotebook.USER, new Command.Snapshot()).get(30, TimeUnit.SECONDS);
            assertThat(nb.revision()).isEqualTo(r.revision());
            List<CellInfo> after = nb.cells();
            assertThat(after).hasSize(202);
            assertThat(after.get(1).code()).isEqualTo("v0 = keep + 0");
            assertThat(after.get(200).code()).isEqualTo("v199 = keep + 199");
            assertThat(after.get(201).kind()).isEqualTo(CellKind.MARKDOWN);
            assertThat(after.get(5).defs()).containsExactly("v4");
            assertThat(after.get(5).refs()).containsExactly("keep");
            assertThat(after.subList(1, 201)).allMatch(c -> c.status() != CellStatus.RUNNING && c.status() != CellStatus.QUEUED);
            assertThat(Files.readString(file)).contains("v199 = keep + 199\n", "# notes");
        } finally {
            session.close();
        }
    }

    @Test
    void cellsGoWhereAskedAndABadCellRefusesTheWholeBatch() throws Exception {
        Path file = Files.writeString(dir.resolve("where.py"), "# %% id=\"aa\"\na = 1\n\n# %% id=\"bb\"\nb = 2\n");
        NotebookSession session = NotebookSession.open("w", file, false, TestDaemonParts.services());
        try {
            session.submit(TestNotebook.USER, new Command.CreateCells(null, "aa", false, false,
                    List.of(cell("x = 1"), cell("y = 2")))).get(30, TimeUnit.SECONDS);
            List<String> codes = session.submit(TestNotebook.USER, new Command.Snapshot()).get(30, TimeUnit.SECONDS)
                    .cells().stream().map(CellInfo::code).toList();
            assertThat(codes).containsExactly("a = 1", "x = 1", "y = 2", "b = 2");

            var bad = List.of(cell("z = 1"), new Command.CreateCell(CellKind.PYTHON, "q = 1", null, null, "q", false, false));
            assertThatThrownBy(() -> session.submit(TestNotebook.USER, new Command.CreateCells(null, null, false, false, bad))
                    .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasMessageContaining("only SQL cells");
            assertThat(session.submit(TestNotebook.USER, new Command.Snapshot()).get(30, TimeUnit.SECONDS).cells()).hasSize(4);
        } finally {
            session.close();
        }
    }

    @Test
    void rewriteMakesEachNameDefinedOnceAndSaysWhatChangedNumberedWhereTheCellsLand() throws Exception {
        Path file = Files.writeString(dir.resolve("jupyter.py"), "# %% id=\"aa\"\nkeep = 1\n");
        NotebookSession session = NotebookSession.open("j", file, false, TestDaemonParts.services());
        try {
            CellsResult r = session.submit(TestNotebook.USER, new Command.CreateCells(null, null, false, true,
                    List.of(cell("x = 1"), cell("print(x)"),
                            new Command.CreateCell(CellKind.MARKDOWN, "# again", null, null, null, false, false),
                            cell("x = 2"), cell("print(x)")))).get(60, TimeUnit.SECONDS);

            assertThat(r.changes()).containsExactly("x \u2192 x_1 in cells 4, 5");
            assertThat(r.problems()).isEmpty();
            List<CellInfo> cells = session.submit(TestNotebook.USER, new Command.Snapshot()).get(30, TimeUnit.SECONDS).cells();
            assertThat(cells.stream().map(CellInfo::code)).containsExactly("keep = 1", "x = 1", "print(x)", "# again",
                    "x_1 = 2", "print(x_1)");
            assertThat(cells).noneMatch(c -> c.status() == CellStatus.ERROR);
        } finally {
            session.close();
        }
    }
}
