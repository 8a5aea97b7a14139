package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a cell shows, the same on both kernels: display(), Jupyter's _repr_*_ conventions as
 * MIME bundles, tables, and every output in the order the cell made it. (Figures, DataFrames
 * and arrays need libraries only CPython has here: WorkerKernelTest.)
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestPython.class)
class RichOutputTest {
    @Parameter
    TestPython python;

    @TempDir
    Path dir;

    private static CellInfo ok(TestNotebook nb, String cellId) {
        CellInfo cell = nb.cell(cellId);
        assertThat(cell.status()).as("%s", cell.error()).isEqualTo(CellStatus.OK);
        return cell;
    }

    @Test
    void everyJupyterReprConventionBecomesItsMimeTypeInADisplayOutput() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("reprs.py"), python)) {
            String shown = nb.add("""
                    class Rich:
                        def _repr_html_(self): return '<b>bold</b>'
                        def _repr_markdown_(self): return '# title'
                        def _repr_png_(self): return b'\\x89PNG-bytes'
                        def _repr_svg_(self): return '<svg/>'
                        def _repr_json_(self): return {'a': [1, 2]}
                        def __repr__(self): return 'Rich()'
                    class Bundled:
                        def _repr_mimebundle_(self, include=None, exclude=None):
                            return {'text/latex': '$x^2$', 'text/plain': 'x squared'}, {}
                    display(Rich())
                    Bundled()""");
            nb.awaitQuiet();
            CellInfo cell = ok(nb, shown);
            assertThat(cell.outputs()).hasSize(2);
            Output.Display rich = (Output.Display) cell.outputs().get(0);
            assertThat(rich.data()).containsEntry("text/html", "<b>bold</b>").containsEntry("text/markdown", "# title")
                    .containsEntry("image/svg+xml", "<svg/>").containsEntry("application/json", "{\"a\": [1, 2]}")
                    .containsEntry("text/plain", "Rich()");
            assertThat(Base64.getDecoder().decode(rich.data().get("image/png")))
                    .isEqualTo("\u0089PNG-bytes".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(((Output.Display) cell.outputs().get(1)).data()).containsEntry("text/latex", "$x^2$")
                    .containsEntry("text/plain", "x squared");
            assertThat(cell.outputs()).extracting(Output::kindOf).containsExactly(Output.Kind.DISPLAY, Output.Kind.RESULT);
        }
    }

    @Test
    void aTrailingSemicolonHidesTheValueAndUnderscoreIsTheLastOneShown() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("ipython.py"), python)) {
            String hidden = nb.add("6 * 7;  # hidden; as in IPython");
            String shown = nb.add("'a;b'  # a ; in a string or comment does not hide;");
            nb.awaitQuiet();
            String last = nb.add("_ + '!'");
            nb.awaitQuiet();
            assertThat(ok(nb, hidden).outputs()).isEmpty();
            assertThat(text(ok(nb, shown))).isEqualTo("'a;b'");
            assertThat(text(ok(nb, last))).isEqualTo("'a;b!'");
        }
    }

    @Test
    void printsDisplaysAndTheValueAreOutputsInTheOrderTheCellMadeThem() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("order.py"), python)) {
            String cell = nb.add("""
                    class Md:
                        def _repr_markdown_(self): return '# one'
                    print('first', end='')  # no newline: only a flush before the display puts it first
                    display(Md(), 2)
                    print('second')
                    display({'k': 1})
                    [{'k': 1, 'v': 'one'}, {'k': 2}]""");
            nb.awaitQuiet();
            List<Output> out = ok(nb, cell).outputs();
            assertThat(out).hasSize(6);
            assertThat(out.get(0)).isEqualTo(new Output.Stream("stdout", "first"));
            assertThat(((Output.Display) out.get(1)).data()).containsEntry("text/markdown", "# one");
            // what display() shows is Jupyter's display_data; only the cell's value is its result
            assertThat(((Output.Display) out.get(1)).kind()).isEqualTo(Output.Kind.DISPLAY);
            assertThat(out.get(2)).isEqualTo(new Output.Text("2", Output.Kind.DISPLAY));
            assertThat(out.get(3)).isEqualTo(new Output.Stream("stdout", "second\n"));
            assertThat(out.get(4)).isEqualTo(new Output.Text("{'k': 1}", Output.Kind.DISPLAY));
            Output.Table rows = (Output.Table) out.get(5);
            assertThat(rows.kind()).isEqualTo(Output.Kind.RESULT);
            assertThat(rows.columns()).extracting(Output.Column::name).containsExactly("k", "v");
            assertThat(rows.rows()).containsExactly(List.of(1, "one"), java.util.Arrays.asList(2, null));
        }
    }

    @Test
    void anSqlResultIsATableWhetherDisplayedOrTheCellsValue() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("sql.py"), python)) {
            nb.call(new Command.CreateCell(CellKind.SQL, "SELECT i, 'r' || i AS s FROM range(3) t(i)", null, null, "t"));
            String cell = nb.add("display(t)\nt");
            nb.awaitQuiet();
            List<Output> out = ok(nb, cell).outputs();
            assertThat(out).extracting(Output::kindOf).containsExactly(Output.Kind.DISPLAY, Output.Kind.RESULT);
            assertThat(out).hasSize(2).allSatisfy(o -> {
                Output.Table table = (Output.Table) o;
                assertThat(table.rowCount()).isEqualTo(3);
                assertThat(table.columns()).extracting(Output.Column::name).containsExactly("i", "s");
                assertThat(table.rows().get(2)).containsExactly(2, "r2");
            });
        }
    }

    @Test
    void aCellShowingMoreRichOutputThanItsCapKeepsTheFirstOnesAndOneNote() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("many.py"), python)) {
            String many = nb.add("""
                    class Big:
                        def __init__(self, i): self.i = i
                        def _repr_html_(self): return '<p>%d</p>' % self.i + 'x' * 500_000
                    for i in range(40):
                        display(Big(i))
                    print('done')""");
            nb.awaitQuiet();
            CellInfo cell = ok(nb, many);
            List<Output.Display> kept = cell.outputs().stream().filter(Output.Display.class::isInstance)
                    .map(Output.Display.class::cast).toList();
            assertThat(kept).hasSizeBetween(7, 8); // 4 MB of 0.5 MB displays
            assertThat(kept.getFirst().data().get("text/html")).startsWith("<p>0</p>");
            assertThat(text(cell)).containsOnlyOnce("more displays dropped").contains("done");
        }
    }

    @Test
    void aValueWhoseReprFailsFailsItsCellWithTheReprsError() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("bad.py"), python)) {
            String cell = nb.add("""
                    class Bad:
                        def __repr__(self): raise ValueError('no repr')
                    print('before')
                    Bad()""");
            nb.awaitQuiet();
            CellInfo failed = nb.cell(cell);
            assertThat(failed.status()).isEqualTo(CellStatus.ERROR);
            assertThat(failed.error().ename()).isEqualTo("ValueError");
            assertThat(failed.error().message()).isEqualTo("no repr");
            assertThat(text(failed)).isEqualTo("before\n");
        }
    }
}
