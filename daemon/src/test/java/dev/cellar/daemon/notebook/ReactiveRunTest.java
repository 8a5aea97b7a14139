package dev.cellar.daemon.notebook;

import dev.cellar.daemon.TestPython;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reactive rules end to end: the real analysis, the scheduler and a real kernel. The
 * rules themselves are tabled without Python in GraphCasesTest and SchedulerRulesTest; here
 * they run on the fastest Python to start, and what depends on the kernel (its namespace,
 * streams, tracebacks) runs on both in KernelNamespaceTest.
 */
class ReactiveRunTest {
    private final TestPython python = TestPython.fastest();

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
                    .filter(e -> e.type() == EventType.CELL_STATE && ((Event.WithCell) e).cell().status() == CellStatus.RUNNING)
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
                    .noneMatch(e -> e.type() == EventType.CELL_STATE && ((Event.WithCell) e).cell().status() == CellStatus.RUNNING);
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
}
