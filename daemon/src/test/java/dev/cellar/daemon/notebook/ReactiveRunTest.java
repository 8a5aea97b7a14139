package dev.cellar.daemon.notebook;

import dev.cellar.daemon.TestPython;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ParameterizedClass(name = "on {0}")
@EnumSource(TestPython.class)
class ReactiveRunTest {
    @Parameter
    TestPython python;

    @TempDir
    Path dir;

    @Test
    void editingTheHeadOfAChainRerunsItsDependentsWithTheNewValue() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("chain.py"), python)) {
            String a = nb.add("x = 1");
            String b = nb.add("y = x + 1");
            String c = nb.add("y * 10");
            nb.awaitQuiet();
            assertThat(text(nb.cell(c))).isEqualTo("20");

            nb.edit(a, "x = 5");
            nb.awaitQuiet();

            assertThat(nb.cell(b).status()).isEqualTo(CellStatus.OK);
            assertThat(text(nb.cell(c))).isEqualTo("60");
            List<String> ranAfterEdit = nb.events.stream()
                    .filter(e -> e.type() == EventType.CELL_STATE && e.cell().status() == CellStatus.RUNNING)
                    .map(Event::cellId).toList();
            assertThat(ranAfterEdit.subList(ranAfterEdit.size() - 3, ranAfterEdit.size())).containsExactly(a, b, c);
        }
    }

    @Test
    void runningACellRunsItsDependentsInTopologicalOrderNotNotebookOrder() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("order.py"), python)) {
            nb.call(new Command.CreateCell(null, "total = base * 2", null, null, null));
            nb.call(new Command.CreateCell(null, "base = 21", null, null, null));
            NotebookSessionAssert.ok(nb.awaitQuiet());
            RunResult run = nb.runAll();
            assertThat(run.cells()).extracting(CellInfo::status).containsOnly(CellStatus.OK);
        }
    }

    @Test
    void definitionsThatMoveToAnotherCellAreFollowed() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("move.py"), python)) {
            String a = nb.add("x = 1");
            String b = nb.add("x + 1");
            nb.awaitQuiet();
            assertThat(text(nb.cell(b))).isEqualTo("2");

            nb.edit(a, "z = 1");
            nb.awaitQuiet();
            assertThat(nb.cell(a).defs()).containsExactly("z");
            assertThat(nb.cell(b).status()).isEqualTo(CellStatus.STALE);
            nb.runAndWait(b);
            assertThat(nb.cell(b).error().ename()).as("x left with the cell that no longer defines it")
                    .isEqualTo("NameError");

            String d = nb.add("x = 10");
            nb.awaitQuiet();
            assertThat(nb.cell(d).status()).isEqualTo(CellStatus.OK);
            assertThat(text(nb.cell(b))).isEqualTo("11");
        }
    }

    @Test
    void deletingACellRemovesItsNamesAndMarksItsDependentsStale() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("delete.py"), python)) {
            String a = nb.add("x = 1");
            String b = nb.add("x + 1");
            nb.awaitQuiet();

            nb.call(new Command.DeleteCell(a, null));

            assertThat(nb.cell(b).status()).isEqualTo(CellStatus.STALE);
            nb.runAndWait(b);
            assertThat(nb.cell(b).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(b).error().summary()).contains("NameError").contains("'x'");
        }
    }

    @Test
    void aNameDefinedInTwoCellsIsAnErrorOnBothAndTheyDoNotRun() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("dup.py"), python)) {
            String a = nb.add("x = 1");
            String b = nb.add("x = 2");
            String c = nb.add("print('ran', x)");
            nb.awaitQuiet();

            for (String id : List.of(a, b)) {
                assertThat(nb.cell(id).status()).isEqualTo(CellStatus.ERROR);
                assertThat(nb.cell(id).error().ename()).isEqualTo("MultipleDefinitionError");
                assertThat(nb.cell(id).error().message()).contains("'x'").contains("more than one cell");
            }
            nb.runAndWait(c);
            assertThat(nb.cell(c).status()).isEqualTo(CellStatus.BLOCKED);
            assertThat(text(nb.cell(c))).isEmpty();

            nb.edit(b, "w = 2");
            nb.awaitQuiet();
            assertThat(nb.cell(a).error()).isNull();
            nb.runAndWait(c);
            assertThat(text(nb.cell(c))).isEqualTo("ran 1\n");
        }
    }

    @Test
    void cellsInACycleAreErrorsAndDoNotRun() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("cycle.py"), python)) {
            String p = nb.add("p = q + 1");
            String q = nb.add("q = p + 1");
            nb.awaitQuiet();
            for (String id : List.of(p, q)) {
                assertThat(nb.cell(id).status()).isEqualTo(CellStatus.ERROR);
                assertThat(nb.cell(id).error().ename()).isEqualTo("CycleError");
            }
            int before = nb.events.size();
            nb.runAndWait(p, q);
            assertThat(nb.events.subList(before, nb.events.size()))
                    .noneMatch(e -> e.type() == EventType.CELL_STATE && e.cell().status() == CellStatus.RUNNING);
            assertThat(nb.cell(p).error().ename()).isEqualTo("CycleError");
        }
    }

    @Test
    void aCycleFormedWhileACellRunsOutlivesThatRunsResult() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("cycle-running.py"), python)) {
            String p = nb.add("while True:\n    pass\np = q + 1");
            nb.awaitStatus(p, CellStatus.RUNNING);
            String q = nb.add("q = p + 1");
            assertThat(nb.cell(p).error().ename()).isEqualTo("CycleError");

            nb.call(new Command.Interrupt());
            nb.awaitQuiet();

            assertThat(nb.cell(p).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(p).error().ename()).isEqualTo("CycleError");
            assertThat(nb.cell(q).error().ename()).isEqualTo("CycleError");
        }
    }

    @Test
    void aFailingCellBlocksItsDependentsAndItsTracebackPointsAtItsOwnLine() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("fail.py"), python)) {
            String a = nb.add("x = 1\ny = x / 0");
            String b = nb.add("y + 1");
            nb.awaitQuiet();

            CellInfo failed = nb.cell(a);
            assertThat(failed.status()).isEqualTo(CellStatus.ERROR);
            assertThat(failed.error().ename()).isEqualTo("ZeroDivisionError");
            assertThat(failed.error().line()).isEqualTo(2);
            assertThat(String.join("", failed.error().traceback()))
                    .contains("cell_" + a + ".py", "line 2", "y = x / 0")
                    .doesNotContain("cellar_kernel.py", "cellar_cells.py", "cellar_worker.py");
            assertThat(nb.cell(b).status()).isEqualTo(CellStatus.BLOCKED);
            assertThat(nb.cell(b).error().message()).contains(a).contains("ZeroDivisionError");
        }
    }

    @Test
    void stdoutStreamsAsEventsWhileTheCellRunsAndTheLastExpressionIsTheOutput() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("print.py"), python)) {
            // apart in time: a worker gathers quick prints into one event (50 ms), which is not what this checks
            String a = nb.add("import time\nfor i in range(3):\n    print('line', i)\n    time.sleep(0.12)\n'done'");
            nb.awaitQuiet();

            List<Event> chunks = nb.eventsOf(EventType.CELL_OUTPUT); // coalesced: how many depends on timing
            assertThat(chunks).isNotEmpty().allMatch(e -> e.cellId().equals(a));
            // a worker sends the value as an output event too, after the streamed text
            assertThat(chunks.stream().filter(e -> e.output() instanceof Output.Stream)
                    .map(e -> ((Output.Stream) e.output()).text()).reduce("", String::concat))
                    .isEqualTo("line 0\nline 1\nline 2\n");
            CellInfo cell = nb.cell(a);
            assertThat(text(cell)).isEqualTo("line 0\nline 1\nline 2\n'done'");
            assertThat(cell.outputs()).hasSize(2);
        }
    }

    @Test
    void rerunningACellRemovesTheNamesItDefinedBefore() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("rerun.py"), python)) {
            String a = nb.add("import sys\nx = 1");
            nb.awaitQuiet();
            nb.edit(a, "x = 2 if 'sys' in globals() else 3");
            nb.awaitQuiet();
            String b = nb.add("x");
            nb.awaitQuiet();
            assertThat(text(nb.cell(b))).isEqualTo("3");
        }
    }
}
