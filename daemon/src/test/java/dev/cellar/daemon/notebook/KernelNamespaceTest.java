package dev.cellar.daemon.notebook;

import dev.cellar.daemon.TestPython;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ParameterizedClass(name = "on {0}")
@EnumSource(TestPython.class)
/**
 * What a reactive notebook needs from each kernel, on both Pythons: names that leave a cell
 * leave the namespace, streamed text arrives while a cell runs, a traceback is the cell's.
 */
class KernelNamespaceTest {
    @Parameter
    TestPython python;

    @TempDir
    Path dir;

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
            assertThat(chunks.stream().filter(e -> ((Event.CellOutput) e).output() instanceof Output.Stream)
                    .map(e -> ((Output.Stream) ((Event.CellOutput) e).output()).text()).reduce("", String::concat))
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
