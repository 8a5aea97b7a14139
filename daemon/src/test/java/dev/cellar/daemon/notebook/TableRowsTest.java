package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.SqlCellsTest.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.method.TableRowsParams;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code table.rows}: a table output pages beyond its preview, from the kernel's kept value
 * (Python) or the daemon's spool (SQL), sorted and searched; a re-run, an edit or a restart
 * drops the old table.
 */
class TableRowsTest {
    @TempDir
    Path dir;

    private TestNotebook open(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "# cellar: preview-rows=3\n");
        return new TestNotebook(file, TestPython.fastest());
    }

    private static TableRows rows(TestNotebook nb, TableRowsParams p) {
        try {
            return nb.session.tableRows(TestNotebook.USER, p.validated()).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TableRowsParams page(TestNotebook nb, String cell, long offset, int limit, String sort, boolean desc,
                                        String search) {
        return new TableRowsParams(nb.session.id(), cell, offset, limit, sort, desc, search, null);
    }

    private static Output.Table shown(TestNotebook nb, String cell) {
        return (Output.Table) nb.cell(cell).outputs().stream().filter(o -> o instanceof Output.Table).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(nb.cell(cell).toString()));
    }

    private static void assertGone(Runnable read, String why) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TABLE_GONE)).hasMessageContaining(why);
    }

    @Test
    void aListOfDictsPagesBeyondItsPreviewSortsAndSearches() throws Exception {
        try (TestNotebook nb = open("dicts.py")) {
            String cell = nb.add("[{'i': i, 'name': 'n%d' % i} for i in range(5000)]");
            nb.awaitQuiet();
            Output.Table t = shown(nb, cell);
            assertThat(t.rows()).hasSize(3);
            assertThat(t.rowCount()).isEqualTo(5000);
            assertThat(t.handle()).matches("\\d+\\.py:\\d+");

            TableRows far = rows(nb, page(nb, cell, 4000, 3, null, false, null));
            assertThat(far.columns()).extracting(Output.Column::name).containsExactly("i", "name");
            assertThat(far.totalRows()).isEqualTo(5000);
            assertThat(far.matchingRows()).isEqualTo(5000);
            assertThat(far.rows()).containsExactly(List.of(4000, "n4000"), List.of(4001, "n4001"), List.of(4002, "n4002"));
            assertThat(far.handle()).isEqualTo(t.handle());

            TableRows last = rows(nb, page(nb, cell, 0, 2, "i", true, null));
            assertThat(last.rows()).containsExactly(List.of(4999, "n4999"), List.of(4998, "n4998"));

            TableRows found = rows(nb, page(nb, cell, 0, 200, null, false, "N49"));
            assertThat(found.matchingRows()).isEqualTo(111); // 49, 490–499, 4900–4999
            assertThat(found.rows()).hasSize(111);
            assertThat(found.rows().getFirst()).containsExactly(49, "n49");

            TableRows pastTheEnd = rows(nb, page(nb, cell, 6000, 10, null, false, null));
            assertThat(pastTheEnd.rows()).isEmpty();

            assertThatThrownBy(() -> rows(nb, page(nb, cell, 0, 1, "nope", false, null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column named 'nope'");
        }
    }

    @Test
    void theGraalPyKernelKeepsAndPagesItsTablesToo() throws Exception {
        Path file = dir.resolve("graal.py");
        Files.writeString(file, "# cellar: preview-rows=3\n");
        try (TestNotebook nb = new TestNotebook(file, TestPython.GRAALPY)) {
            String cell = nb.add("[{'i': i, 'name': 'n%d' % i} for i in range(2000)]");
            String q = sql(nb, "SELECT range AS n FROM range(500)", "r");
            String shown = nb.add("r");
            nb.awaitQuiet();
            assertThat(shown(nb, cell).handle()).matches("\\d+\\.py:\\d+");
            assertThat(rows(nb, page(nb, cell, 1500, 2, null, false, null)).rows())
                    .containsExactly(List.of(1500, "n1500"), List.of(1501, "n1501"));
            assertThat(rows(nb, page(nb, cell, 0, 1, "i", true, null)).rows()).containsExactly(List.of(1999, "n1999"));
            assertThat(rows(nb, page(nb, q, 498, 5, null, false, null)).rows()).hasSize(2);
            // a query result shown by a Python cell is that cell's table, paged from the kernel
            assertThat(shown(nb, shown).handle()).matches("\\d+\\.py:\\d+");
            assertThat(rows(nb, page(nb, shown, 0, 1, "n", true, null)).rows()).containsExactly(List.of(499));
        }
    }

    @Test
    void aRerunAnEditOrARestartDropsTheOldTable() throws Exception {
        try (TestNotebook nb = open("again.py")) {
            String cell = nb.add("[{'x': i} for i in range(10)]");
            nb.awaitQuiet();
            String first = shown(nb, cell).handle();
            nb.runAndWait(cell);
            String second = shown(nb, cell).handle();
            assertThat(second).isNotEqualTo(first);
            assertGone(() -> rows(nb, new TableRowsParams(nb.session.id(), cell, 0, 5, null, false, null, first)),
                    "ran again");
            assertThat(rows(nb, page(nb, cell, 8, 5, null, false, null)).rows()).hasSize(2);

            nb.call(new Command.UpdateCell(cell, "[{'x': i} for i in range(20)]", null, false));
            assertThat(shown(nb, cell).handle()).isNull(); // the preview stays, its rows are the old code's
            assertGone(() -> rows(nb, page(nb, cell, 0, 5, null, false, null)), "changed since it ran");

            nb.runAndWait(cell);
            assertThat(rows(nb, page(nb, cell, 0, 100, null, false, null)).rows()).hasSize(20);
            nb.call(new Command.RestartKernel());
            assertGone(() -> rows(nb, page(nb, cell, 0, 5, null, false, null)), "restarted");
        }
    }

    @Test
    void aDeletedOrEditedCellsKeptTableIsDroppedFromTheKernel() throws Exception {
        try (TestNotebook nb = open("drop.py")) {
            String a = nb.add("[{'x': i} for i in range(100)]");
            String b = nb.add("[{'y': i} for i in range(100)]");
            String probe = nb.add("import sys\nlen(sys.modules['cellar_outputs']._tables)");
            nb.awaitQuiet();
            assertThat(TestNotebook.text(nb.cell(probe))).isEqualTo("2");
            nb.call(new Command.DeleteCell(a, null));
            nb.call(new Command.UpdateCell(b, "[{'y': i} for i in range(5)]", null, false));
            nb.runAndWait(probe);
            assertThat(TestNotebook.text(nb.cell(probe))).isEqualTo("0");
        }
    }

    @Test
    void anOutputAClientBringsPagesNothingEvenWithAHandle() throws Exception {
        try (TestNotebook nb = open("shown.py")) {
            String real = nb.add("[{'secret': i} for i in range(100)]");
            nb.awaitQuiet();
            String handle = shown(nb, real).handle();
            Output.Table forged = new Output.Table(List.of(new Output.Column("a", "")), List.of(List.of(1)), 100, null, handle);
            String imported = nb.call(new Command.CreateCell(dev.cellar.protocol.model.CellKind.PYTHON, "x = 1", null, null, null,
                    false, false, List.of(forged))).cell().id();
            assertThat(shown(nb, imported).handle()).isNull();
            assertGone(() -> rows(nb, page(nb, imported, 0, 5, null, false, null)), "came from elsewhere");
        }
    }

    @Test
    void aDataFramePagesWithItsIndexFirstAndSortsByAnyColumn() throws Exception {
        assumeTrue(TestPython.fastest() != TestPython.GRAALPY && TestPython.cpythonHas("pandas"),
                "needs python3-pandas (CI installs it)");
        try (TestNotebook nb = open("frame.py")) {
            String cell = nb.add("import pandas as pd\n"
                    + "df = pd.DataFrame({'v': [i * 0.5 for i in range(10000)], 'k': ['k%05d' % (9999 - i) for i in range(10000)]},"
                    + " index=pd.Index(range(100, 10100), name='id'))\ndf");
            nb.awaitQuiet();
            Output.Table t = shown(nb, cell);
            assertThat(t.rowCount()).isEqualTo(10000);
            TableRows at = rows(nb, page(nb, cell, 5000, 2, null, false, null));
            assertThat(at.columns()).extracting(Output.Column::name, Output.Column::type).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("id", "int64"), org.assertj.core.groups.Tuple.tuple("v", "float64"),
                    org.assertj.core.groups.Tuple.tuple("k", "object"));
            assertThat(at.rows()).containsExactly(List.of(5100, 2500.0, "k04999"), List.of(5101, 2500.5, "k04998"));
            TableRows byK = rows(nb, page(nb, cell, 0, 1, "k", false, null));
            assertThat(byK.rows()).containsExactly(List.of(10099, 4999.5, "k00000"));
            TableRows byIndex = rows(nb, page(nb, cell, 0, 1, "id", true, "k0000"));
            assertThat(byIndex.matchingRows()).isEqualTo(10);
            assertThat(byIndex.rows()).containsExactly(List.of(10099, 4999.5, "k00000"));
        }
    }

    @Test
    void anSqlResultIsSpooledAndPagedWhileOnlyItsPreviewIsHeld() throws Exception {
        try (TestNotebook nb = open("spool.py")) {
            String q = sql(nb, "SELECT range AS n, 'r' || range AS label, range * 0.5 AS half FROM range(200000)", null);
            nb.awaitQuiet();
            Output.Table t = shown(nb, q);
            assertThat(t.rows()).hasSize(3);
            assertThat(t.rowCount()).isEqualTo(200000);
            assertThat(t.handle()).matches("\\d+\\.sql:\\d+");
            TableRows end = rows(nb, page(nb, q, 199998, 10, null, false, null));
            assertThat(end.totalRows()).isEqualTo(200000);
            assertThat(end.rows()).hasSize(2);
            assertThat(end.rows().getFirst().get(0)).isEqualTo(199998L);
            assertThat(end.rows().getFirst().get(1)).isEqualTo("r199998");
            TableRows desc = rows(nb, page(nb, q, 0, 1, "n", true, null));
            assertThat(desc.rows().getFirst().get(0)).isEqualTo(199999L);
            TableRows found = rows(nb, page(nb, q, 0, 50, "n", true, "R1999"));
            assertThat(found.matchingRows()).isEqualTo(111); // 1999, 19990–19999, 199900–199999
            assertThat(found.rows().getFirst().get(0)).isEqualTo(199999L);

            String handle = t.handle();
            nb.runAndWait(q);
            assertGone(() -> rows(nb, new TableRowsParams(nb.session.id(), q, 0, 5, null, false, null, handle)), "ran again");
            assertThat(rows(nb, page(nb, q, 10, 1, null, false, null)).rows().getFirst().get(0)).isEqualTo(10L);
        }
    }

    @Test
    void anSqlResultWithAnOutVariableIsBoundWholeAndPagedToo() throws Exception {
        try (TestNotebook nb = open("out.py")) {
            String q = sql(nb, "SELECT range AS n FROM range(1000)", "numbers");
            String total = nb.add("sum(r['n'] for r in numbers)");
            nb.awaitQuiet();
            assertThat(TestNotebook.text(nb.cell(total))).isEqualTo("499500");
            assertThat(rows(nb, page(nb, q, 999, 5, null, false, null)).rows()).containsExactly(List.of(999L));
        }
    }
}
