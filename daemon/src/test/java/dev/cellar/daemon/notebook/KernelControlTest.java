package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupts, time limits, memory and the sandbox, through a real GraalPy kernel in its worker JVM. */
class KernelControlTest {
    @TempDir
    Path dir;

    @Test
    void interruptStopsARunawayCellAndKeepsTheVariables() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("loop.py"), TestPython.GRAALPY)) {
            String setup = nb.add("counter = 41");
            nb.awaitQuiet();
            String spin = nb.add("while True:\n    pass");
            String after = nb.add("import math\nmath.sqrt(4)");
            nb.awaitStatus(spin, CellStatus.RUNNING);

            // how quickly is measured by bench/run foundation, not asserted here (a loaded machine)
            nb.call(new Command.Interrupt());
            nb.awaitStatus(spin, CellStatus.INTERRUPTED);
            assertThat(nb.cell(after).status()).isNotIn(CellStatus.QUEUED, CellStatus.RUNNING);
            String check = nb.add("counter + 1");
            nb.awaitQuiet();
            assertThat(text(nb.cell(check))).isEqualTo("42");
            assertThat(nb.cell(setup).status()).isEqualTo(CellStatus.OK);
        }
    }

    @Test
    void anInterruptWhileTheWorkerIsStillStartingMeansTheCellNeverRuns() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("early.py"), TestPython.GRAALPY)) {
            // the first cell starts the GraalPy worker JVM: seconds, during which the cell shows running
            String write = nb.add("open('ran.txt', 'w').write('it ran')");
            nb.awaitStatus(write, CellStatus.RUNNING);
            nb.call(new Command.Interrupt());
            nb.awaitStatus(write, CellStatus.INTERRUPTED);
            assertThat(nb.cell(write).error().message()).contains("before it started");
            assertThat(dir.resolve("ran.txt")).doesNotExist();
            String next = nb.add("1 + 1"); // the worker that was starting serves the next cell
            nb.awaitQuiet();
            assertThat(text(nb.cell(next))).isEqualTo("2");
            assertThat(dir.resolve("ran.txt")).doesNotExist();
        }
    }

    @Test
    void aLongBuiltinCallThatGraalPyCannotInterruptEndsWithItsWorkerKilledAndRestarted() throws Exception {
        Path file = dir.resolve("builtin.py");
        Files.writeString(file, "# cellar: cell-timeout=1\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services(TestPython.GRAALPY)))) {
            String setup = nb.add("counter = 41");
            nb.awaitQuiet();
            String slow = nb.add("7**(6*10**8)");
            nb.awaitQuiet();
            assertThat(nb.cell(slow).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(slow).error().ename()).isEqualTo("TimeoutError");
            assertThat(nb.cell(slow).error().message()).contains("kernel was restarted");
            assertThat(nb.cell(setup).status()).as("the worker was replaced: its variables are gone (%s)",
                    nb.cell(setup).error()).isEqualTo(CellStatus.STALE);
            nb.call(new Command.UpdateCell(slow, "counter + 1", null));
            nb.awaitQuiet();
            assertThat(text(nb.cell(slow))).as("%s", nb.cell(slow).error()).isEqualTo("42");
        }
    }

    @Test
    void aCellThatExhaustsMemoryEndsItsGraalPyWorkerNotTheDaemon() throws Exception {
        Path file = dir.resolve("hog.py");
        Files.writeString(file, "# cellar: memory=300M\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services(TestPython.GRAALPY)));
             TestNotebook other = new TestNotebook(dir.resolve("other.py"), TestPython.GRAALPY)) {
            String kept = other.add("'other notebook'");
            other.awaitQuiet();
            String setup = nb.add("counter = 41");
            nb.awaitQuiet();
            String hog = nb.add("blocks = []\nwhile True:\n    blocks.append(bytearray(10 * 1024 * 1024))");
            nb.awaitQuiet();
            assertThat(nb.cell(hog).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(hog).error().ename()).isIn("MemoryError", "KernelDied");
            assertThat(nb.cell(hog).error().message()).containsAnyOf("memory", "OutOfMemoryError");
            other.runAndWait(kept);
            assertThat(text(other.cell(kept))).isEqualTo("'other notebook'");
            nb.call(new Command.UpdateCell(hog, "counter + 1", null));
            nb.awaitQuiet(); // the worker was replaced: counter's cell is stale and runs again first
            assertThat(text(nb.cell(hog))).isEqualTo("42");
            assertThat(nb.cell(setup).status()).isEqualTo(CellStatus.OK);
        }
    }

    @Test
    void aCellOverItsTimeLimitEndsWithATimeoutError() throws Exception {
        Path file = dir.resolve("timeout.py");
        Files.writeString(file, "# cellar: cell-timeout=0.5\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("t", file, false, TestDaemonParts.services(TestPython.GRAALPY)))) {
            String spin = nb.add("while True:\n    pass");
            nb.awaitQuiet();
            assertThat(nb.cell(spin).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(spin).error().ename()).isEqualTo("TimeoutError");
        }
    }

    @Test
    void cellsReadAndWriteFilesInTheNotebookFolderButNowhereElse() throws Exception {
        Files.writeString(dir.resolve("data.txt"), "hello");
        try (TestNotebook nb = new TestNotebook(dir.resolve("files.py"), TestPython.GRAALPY)) {
            String inside = nb.add("open('data.txt').read() + open('" + dir.resolve("data.txt") + "').read()");
            String write = nb.add("with open('out.txt', 'w') as f:\n    f.write('written')");
            String outside = nb.add("open('/etc/hostname').read()");
            String escaped = "escaped-" + dir.getFileName() + ".txt"; // beside the temp folder: unique to this run
            String escape = nb.add("open('../" + escaped + "', 'w').write('x')");
            nb.awaitQuiet();

            assertThat(text(nb.cell(inside))).isEqualTo("'hellohello'");
            assertThat(nb.cell(write).status()).isEqualTo(CellStatus.OK);
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("written");
            assertThat(nb.cell(outside).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(escape).status()).isEqualTo(CellStatus.ERROR);
            assertThat(dir.getParent().resolve(escaped)).doesNotExist();
        }
    }

    @Test
    void cellCodeCannotReachHostClassesOrStartProcesses() {
        try (TestNotebook nb = new TestNotebook(dir.resolve("sandbox.py"), TestPython.GRAALPY)) {
            String java = nb.add("import java\njava.type('java.lang.System').exit(3)");
            String proc = nb.add("import subprocess\nsubprocess.run(['true'])");
            String exit = nb.add("import os\nos._exit(4)");
            nb.awaitQuiet();
            assertThat(nb.cell(java).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(proc).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(exit).status()).isEqualTo(CellStatus.ERROR);
            // still alive and answering
            String ok = nb.add("1 + 1");
            nb.awaitQuiet();
            assertThat(text(nb.cell(ok))).isEqualTo("2");
        }
    }
}
