package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.notebook.DurableSaveTest.GatedWriter;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The four races of a naive design, each made deterministic: a running cell waits for a
 * "go" file that the test creates only after it has made its move, so the interleaving is
 * chosen by the test, not by timing.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestPython.class)
class RaceTest {
    @Parameter
    TestPython python;

    private static final String WAIT_FOR_GO =
            "import os as _os, time as _time\nwhile not _os.path.exists('go'):\n    _time.sleep(0.002)\n";

    @TempDir
    Path dir;

    private TestNotebook notebook(String name, boolean autorun) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "# cellar: autorun=" + autorun + "\n");
        return new TestNotebook(NotebookSession.open(name, file, false, TestDaemonParts.services(python)));
    }

    private void go() throws Exception {
        Files.writeString(dir.resolve("go"), "");
    }

    @Test
    void aCellEditedWhileItRunsDoesNotShowTheOldRunAsTheNewCodesResult() throws Exception {
        try (TestNotebook nb = notebook("edit-while-running.py", false)) {
            String a = nb.add(WAIT_FOR_GO + "'old result'");
            nb.call(new Command.Run(List.of(a), false));
            nb.awaitStatus(a, CellStatus.RUNNING);

            nb.edit(a, "'new code'");
            go();
            nb.awaitQuiet();

            assertThat(nb.cell(a).status()).isEqualTo(CellStatus.STALE);
            assertThat(text(nb.cell(a))).doesNotContain("old result");
            assertThat(nb.cell(a).code()).isEqualTo("'new code'");
        }
    }

    @Test
    void withAutorunACellEditedWhileItRunsRunsAgainWithTheNewCode() throws Exception {
        try (TestNotebook nb = notebook("edit-while-running-autorun.py", true)) {
            String a = nb.add(WAIT_FOR_GO + "'old result'");
            nb.awaitStatus(a, CellStatus.RUNNING);

            nb.edit(a, "'new code'");
            go();
            nb.awaitQuiet();

            assertThat(nb.cell(a).status()).isEqualTo(CellStatus.OK);
            assertThat(text(nb.cell(a))).isEqualTo("'new code'");
            List<Event> okStates = nb.events.stream()
                    .filter(e -> e.type() == EventType.CELL_STATE && a.equals(e.cellId()) && ((Event.WithCell) e).cell().status() == CellStatus.OK)
                    .toList();
            assertThat(okStates).allSatisfy(e -> {
                assertThat(((Event.WithCell) e).cell().version()).isEqualTo(2);
                assertThat(text(((Event.WithCell) e).cell())).doesNotContain("old result");
            });
        }
    }

    @Test
    void aDependencyAddedWhileARunIsUnderWayIsHonouredByThePlan() throws Exception {
        try (TestNotebook nb = notebook("replan.py", false)) {
            String a = nb.add(WAIT_FOR_GO + "a = 1");
            String b = nb.add("b = a + 1\nb");
            nb.call(new Command.Run(List.of(a), false)); // planned: a, then b
            nb.awaitStatus(a, CellStatus.RUNNING);

            String d = nb.add("d = 5");                  // a new cell, never run
            nb.edit(b, "b = a + d\nb");                  // b now reads it
            go();
            nb.awaitQuiet();

            assertThat(nb.cell(d).status()).isEqualTo(CellStatus.OK);
            assertThat(nb.cell(b).status()).isEqualTo(CellStatus.OK);
            assertThat(text(nb.cell(b))).isEqualTo("6");
            List<String> order = nb.events.stream()
                    .filter(e -> e.type() == EventType.CELL_STATE && ((Event.WithCell) e).cell().status() == CellStatus.RUNNING)
                    .map(Event::cellId).toList();
            assertThat(order).containsExactly(a, d, b);
        }
    }

    @Test
    void aCellDeletedWhileAnotherRunsTakesItsVariablesOnlyAfterThatCellEnds() throws Exception {
        try (TestNotebook nb = notebook("delete-while-running.py", false)) {
            String a = nb.add("x = 1");
            nb.runAndWait(a);
            String b = nb.add(WAIT_FOR_GO + "y = x + 1\ny");
            nb.call(new Command.Run(List.of(b), false));
            nb.awaitStatus(b, CellStatus.RUNNING);

            nb.call(new Command.DeleteCell(a, null));
            go();
            nb.awaitQuiet();

            assertThat(text(nb.cell(b))).as("x was still there while b ran").isEqualTo("2");
            assertThat(nb.cell(b).error()).isNull();
            assertThat(nb.cell(b).status()).as("its input is gone: stale").isEqualTo(CellStatus.STALE);
            String probe = nb.add("'x' in globals()");
            nb.runAndWait(probe);
            assertThat(text(nb.cell(probe))).as("x removed once b had ended").isEqualTo("False");
        }
    }

    @Test
    void twoWritersSavingAtOnceBothLandInTheFileInRevisionOrder() throws Exception {
        Path file = dir.resolve("two-writers.py");
        Files.writeString(file, "# cellar: autorun=false\n\n# %% id=aa1111\nx = 0\n\n# %% id=bb2222\ny = 0\n");
        GatedWriter writer = new GatedWriter();
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("w", file, false,
                TestDaemonParts.services(new NotebookStore(writer))))) {
            CompletableFuture<CellResult> first = nb.session.submit(new Origin("user:alice", null),
                    new Command.UpdateCell("aa1111", "x = 'alice'", null));
            DurableSaveTest.await(writer.firstForceReached); // alice's save is half done
            CompletableFuture<CellResult> second = nb.session.submit(new Origin("user:bob", null),
                    new Command.UpdateCell("bb2222", "y = 'bob'", null));
            writer.release.countDown();

            long r1 = (first.get(30, TimeUnit.SECONDS)).revision();
            long r2 = (second.get(30, TimeUnit.SECONDS)).revision();
            assertThat(r2).isEqualTo(r1 + 1);
            String saved = Files.readString(file);
            assertThat(saved).contains("x = 'alice'", "y = 'bob'");
            List<Event> updates = nb.eventsOf(EventType.CELL_UPDATED);
            assertThat(updates).extracting(Event::actor).containsExactly("user:alice", "user:bob");
            assertThat(updates).extracting(e -> ((Event.Edit) e).revision()).containsExactly(r1, r2);
            nb.call(new Command.CreateCell(CellKind.PYTHON, "z = 1", null, null, null));
        }
    }
}
