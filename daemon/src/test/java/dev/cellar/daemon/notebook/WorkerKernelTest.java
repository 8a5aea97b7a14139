package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Notebooks on the machine's CPython, in a worker process: its libraries, its interrupts, its crashes. */
class WorkerKernelTest {
    /** Never sees SIGINT: like a long call into C that does not look at signals. */
    private static final String STUBBORN = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            + "print('started', flush=True)\nwhile True:\n    pass";

    @TempDir
    Path dir;

    /** Waits until the cell has printed this: it is really running, past any interrupt aimed at its start. */
    private static void awaitText(TestNotebook nb, String cellId, String printed) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!text(nb.cell(cellId)).contains(printed)) {
            assertThat(System.nanoTime()).as("waiting for %s to print %s", cellId, printed).isLessThan(deadline);
            TestNotebook.sleep(10);
        }
    }

    private TestNotebook open(String name, String header) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, header.isEmpty() ? "" : header + "\n");
        return new TestNotebook(NotebookSession.open(name, file, false, TestDaemonParts.services(TestPython.CPYTHON)));
    }

    private static long workerPid(TestNotebook nb) {
        String pid = nb.add("__import__('os').getpid()");
        nb.awaitQuiet();
        return Long.parseLong(text(nb.cell(pid)));
    }

    private static void awaitGone(long pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(System.nanoTime()).as("worker %d still alive", pid).isLessThan(deadline);
            TestNotebook.sleep(20);
        }
    }

    @Test
    void cellsRunOnTheUsersPythonInAProcessOfTheirOwnWithTheNotebookFolderAsWorkingDirectory() throws Exception {
        try (TestNotebook nb = open("where.py", "")) {
            assertThat(nb.snapshot().kernel().implementation()).isEqualTo("CPython");
            assertThat(nb.snapshot().kernel().executable()).isEqualTo(TestPython.cpython().toString());
            String where = nb.add("import os, sys\n(os.getcwd(), sys.executable, os.getpid() != " + ProcessHandle.current().pid() + ")");
            String printed = nb.add("print('hello from', sys.implementation.name)\n41 + 1");
            nb.awaitQuiet();
            assertThat(text(nb.cell(where))).isEqualTo("('" + dir.toRealPath() + "', '" + TestPython.cpython() + "', True)");
            assertThat(text(nb.cell(printed))).isEqualTo("hello from cpython\n42");
        }
    }

    @Test
    void aFailingCellsTracebackPointsAtItsOwnLineAndItsDependentsAreBlocked() throws Exception {
        try (TestNotebook nb = open("fail.py", "")) {
            String bad = nb.add("x = 1\ny = x / 0");
            String child = nb.add("z = y + 1");
            nb.awaitQuiet();
            CellInfo failed = nb.cell(bad);
            assertThat(failed.status()).isEqualTo(CellStatus.ERROR);
            assertThat(failed.error().ename()).isEqualTo("ZeroDivisionError");
            assertThat(failed.error().line()).isEqualTo(2);
            assertThat(String.join("", failed.error().traceback())).contains("cell_" + bad + ".py", "line 2");
            assertThat(nb.cell(child).status()).isEqualTo(CellStatus.BLOCKED);
        }
    }

    @Test
    void theDaemonsSecretsAreNotInTheWorkersEnvironment() throws Exception {
        try (TestNotebook nb = open("env.py", "")) {
            String env = nb.add("import os\nsorted(k for k in os.environ if k.startswith(('OPENAI_', 'CELLAR_')))");
            nb.awaitQuiet();
            assertThat(text(nb.cell(env))).isEqualTo("[]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"while True:\n    pass", "import time\ntime.sleep(1000)", "7**(6*10**7)"})
    void anInterruptStopsTheCellWithKeyboardInterruptAndKeepsTheVariables(String code) throws Exception {
        try (TestNotebook nb = open("interrupt.py", "")) {
            String setup = nb.add("counter = 41");
            nb.awaitQuiet();
            String spin = nb.add(code);
            nb.awaitStatus(spin, CellStatus.RUNNING);
            // how quickly is measured by bench/run foundation, not asserted here (a loaded machine);
            // that it was a KeyboardInterrupt and not the kill + restart shows in the kept variable
            nb.call(new Command.Interrupt());
            nb.awaitStatus(spin, CellStatus.INTERRUPTED);
            String check = nb.add("counter + 1");
            nb.awaitQuiet();
            assertThat(text(nb.cell(check))).isEqualTo("42");
            assertThat(nb.cell(setup).status()).isEqualTo(CellStatus.OK);
        }
    }

    @Test
    void aLongCallIntoCThatIgnoresInterruptsIsKilledAndTheKernelRestarted() throws Exception {
        try (TestNotebook nb = open("stubborn.py", "")) {
            String setup = nb.add("counter = 41");
            nb.awaitQuiet();
            long before = workerPid(nb);
            String stubborn = nb.add(STUBBORN);
            awaitText(nb, stubborn, "started");
            nb.call(new Command.Interrupt());
            nb.awaitStatus(stubborn, CellStatus.INTERRUPTED);
            assertThat(nb.cell(stubborn).error().message()).contains("kernel was restarted: variables were lost");
            assertThat(nb.cell(setup).status()).isEqualTo(CellStatus.STALE);
            awaitGone(before);
            String check = nb.add("counter + 1");
            nb.awaitQuiet(); // counter's cell is stale, so it runs again first
            assertThat(text(nb.cell(check))).isEqualTo("42");
            assertThat(workerPid(nb)).isNotEqualTo(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"while True:\n    pass", "import time\ntime.sleep(1000)", "7**(6*10**7)",
        STUBBORN})
    void aCellOverItsTimeLimitEndsWithATimeoutErrorWhateverItRuns(String code) throws Exception {
        try (TestNotebook nb = open("timeout.py", "# cellar: cell-timeout=0.5")) {
            String spin = nb.add(code);
            nb.awaitQuiet();
            assertThat(nb.cell(spin).status()).isEqualTo(CellStatus.ERROR);
            assertThat(nb.cell(spin).error().ename()).isEqualTo("TimeoutError");
            String after = nb.add("1 + 1");
            nb.awaitQuiet();
            assertThat(text(nb.cell(after))).isEqualTo("2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"import os\nos._exit(3)", "import ctypes\nctypes.string_at(0)"})
    void aWorkerThatDiesFailsItsCellWithTheCauseAndTheNextRunStartsAFreshOne(String code) throws Exception {
        try (TestNotebook nb = open("crash.py", "");
             TestNotebook other = open("other.py", "")) {
            String otherCell = other.add("'still here'");
            String setup = nb.add("counter = 41");
            nb.awaitQuiet();
            String crash = nb.add(code);
            nb.awaitQuiet();
            CellInfo died = nb.cell(crash);
            assertThat(died.status()).isEqualTo(CellStatus.ERROR);
            assertThat(died.error().ename()).isEqualTo("KernelDied");
            assertThat(died.error().message()).containsAnyOf("exited with code 3", "signal 11 (SIGSEGV)");
            assertThat(nb.cell(setup).status()).isEqualTo(CellStatus.STALE);
            other.awaitQuiet();
            other.runAndWait(otherCell);
            assertThat(text(other.cell(otherCell))).isEqualTo("'still here'");
            nb.call(new Command.UpdateCell(crash, "counter + 1", null));
            nb.awaitQuiet();
            assertThat(text(nb.cell(crash))).isEqualTo("42");
        }
    }

    @Test
    void goingOverTheMemoryLimitIsAMemoryErrorInTheCellNotADeadDaemon() throws Exception {
        try (TestNotebook nb = open("memory.py", "# cellar: memory=400M")) {
            String hog = nb.add("blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 1024 * 1024))");
            nb.awaitQuiet();
            CellInfo cell = nb.cell(hog);
            assertThat(cell.status()).isEqualTo(CellStatus.ERROR);
            assertThat(cell.error().ename()).isIn("MemoryError", "KernelDied");
            assertThat(cell.error().ename().equals("MemoryError") || cell.error().message().contains("memory limit"))
                    .as("names the memory limit: %s", cell.error()).isTrue();
            String after = nb.add("del blocks\n'ok'");
            nb.awaitQuiet();
            assertThat(text(nb.cell(after))).isEqualTo("'ok'");
        }
    }

    @Test
    void closingTheNotebookEndsItsWorkerEvenMidCell() throws Exception {
        TestNotebook nb = open("close.py", "");
        long pid;
        try {
            pid = workerPid(nb);
            String stubborn = nb.add(STUBBORN);
            awaitText(nb, stubborn, "started");
        } finally {
            nb.close();
        }
        awaitGone(pid);
    }

    @Test
    void stoppingTheDaemonEndsEveryWorker() throws Exception {
        Path socket = dir.resolve("cellar.sock");
        Path file = dir.resolve("daemon.py");
        Files.writeString(file, "# cellar: python=" + TestPython.cpython() + "\n");
        long pid;
        try (dev.cellar.daemon.Daemon daemon = dev.cellar.daemon.Daemon.start(socket);
             dev.cellar.protocol.client.CellarClient client = dev.cellar.protocol.client.CellarClient.connect(socket, "test")) {
            String nb = client.call(dev.cellar.protocol.method.Methods.NOTEBOOK_OPEN,
                    new dev.cellar.protocol.method.OpenParams(file.toString(), false),
                    dev.cellar.protocol.model.NotebookSnapshot.class).notebookId();
            String cell = client.call(dev.cellar.protocol.method.Methods.CELL_CREATE,
                    new dev.cellar.protocol.method.CreateCellParams(nb, CellKind.PYTHON, "__import__('os').getpid()", null, null, null),
                    dev.cellar.protocol.method.CellResult.class).cell().id();
            dev.cellar.protocol.method.RunResult run = client.call(dev.cellar.protocol.method.Methods.CELL_RUN,
                    new dev.cellar.protocol.method.RunCellsParams(nb, List.of(cell), true),
                    dev.cellar.protocol.method.RunResult.class);
            pid = Long.parseLong(text(run.cells().getFirst()));
            assertThat(ProcessHandle.of(pid)).isPresent();
            // a notebook on GraalPy starts its worker JVM as it opens: stopping the daemon mid-start ends it too
            Path graal = dir.resolve("graal.py");
            Files.writeString(graal, "# cellar: python=graalpy\n");
            client.call(dev.cellar.protocol.method.Methods.NOTEBOOK_OPEN,
                    new dev.cellar.protocol.method.OpenParams(graal.toString(), false), dev.cellar.protocol.model.NotebookSnapshot.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (graalPyWorkers().isEmpty()) {
                assertThat(System.nanoTime()).as("the GraalPy worker starts when its notebook opens").isLessThan(deadline);
                TestNotebook.sleep(20);
            }
        }
        awaitGone(pid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!graalPyWorkers().isEmpty()) {
            assertThat(System.nanoTime()).as("GraalPy worker still alive: %s", graalPyWorkers()).isLessThan(deadline);
            TestNotebook.sleep(20);
        }
    }

    private static List<ProcessHandle> graalPyWorkers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> {
            try { // the whole command line: ProcessHandle.Info may leave out the arguments of a long one
                return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"))
                        .contains(dev.cellar.daemon.kernel.worker.GraalPyWorkerMain.class.getName());
            } catch (java.io.IOException gone) {
                return false;
            }
        }).toList();
    }

    @Test
    void restartForgetsEveryVariableAndMarksCellsStale() throws Exception {
        try (TestNotebook nb = open("restart.py", "")) {
            long before = workerPid(nb);
            String x = nb.add("x = 1");
            nb.awaitQuiet();
            nb.call(new Command.RestartKernel());
            assertThat(nb.cell(x).status()).isEqualTo(CellStatus.STALE);
            awaitGone(before);
            String probe = nb.add("'x' in globals()");
            nb.awaitQuiet();
            assertThat(text(nb.cell(probe))).isEqualTo("False");
        }
    }

    @Test
    void pandasFramesAreTablesWithPandasOwnTextArraysTheirReprAndFiguresArePngImages() throws Exception {
        assumeTrue(TestPython.cpythonHas("pandas") && TestPython.cpythonHas("matplotlib"),
                "needs python3-pandas and python3-matplotlib (CI installs them)");
        try (TestNotebook nb = open("rich.py", "# cellar: preview-rows=3")) {
            String frame = nb.add("import pandas as pd\ndf = pd.DataFrame({'a': range(10), 'b': [x / 2 for x in range(10)]})\ndf");
            String array = nb.add("import numpy as np\nnp.arange(6).reshape(3, 2)");
            String dicts = nb.add("[{'k': 1, 'v': 'one'}, {'k': 2, 'v': 'two'}]");
            String plot = nb.add("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nprint('drawn')");
            String shown = nb.add("fig, ax = plt.subplots()\nax.bar(['a', 'b'], [1, 2])\nplt.show()\nprint('after')");
            nb.awaitQuiet();
            Output.Table t = (Output.Table) nb.cell(frame).outputs().getLast();
            assertThat(t.columns()).extracting(Output.Column::name, Output.Column::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "int64"), org.assertj.core.groups.Tuple.tuple("b", "float64"));
            assertThat(t.rowCount()).isEqualTo(10);
            assertThat(t.rows()).hasSize(3);
            assertThat(t.rows().get(2)).containsExactly(2, 1.0);
            assertThat(t.own("text/plain")).contains("9  9  4.5"); // pandas' own text, all ten rows
            assertThat(t.own("text/html")).contains("<table border=\"1\" class=\"dataframe\">");
            assertThat(nb.cell(array).outputs().getLast())
                    .isEqualTo(new Output.Text("array([[0, 1],\n       [2, 3],\n       [4, 5]])", Output.Kind.RESULT));
            Output.Table d = (Output.Table) nb.cell(dicts).outputs().getLast();
            assertThat(d.columns()).extracting(Output.Column::name).containsExactly("k", "v");
            assertThat(d.rows()).containsExactly(List.of(1, "one"), List.of(2, "two"));
            assertThat(nb.cell(plot).outputs()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(Output.Display.class,
                    img -> assertThat(img.pngSize()).isNotNull()));
            List<Output> out = nb.cell(shown).outputs();
            assertThat(out).hasSize(2);
            assertThat(out.get(0)).isInstanceOf(Output.Display.class); // shown before the print that follows it
            assertThat(Output.kindOf(out.get(0))).isEqualTo(Output.Kind.DISPLAY); // plt.show(): Jupyter's display_data
            assertThat(nb.cell(plot).outputs()).extracting(Output::kindOf) // the print, then the figure left open
                    .containsExactly(null, Output.Kind.DISPLAY);
            assertThat(out.get(1)).isEqualTo(new Output.Stream("stdout", "after\n"));
        }
    }

    @Test
    void anSqlResultBecomesADataFrameWithTheRightDtypesAndChainsReactively() throws Exception {
        assumeTrue(TestPython.cpythonHas("pandas"), "needs python3-pandas (CI installs it)");
        try (TestNotebook nb = open("chain.py", "")) {
            String low = nb.add("low = 2");
            String query = ((dev.cellar.protocol.method.CellResult) nb.call(new Command.CreateCell(CellKind.SQL,
                    "SELECT i, i * 1.5 AS f, 'r' || i AS s, DATE '2026-01-01' + i::INTEGER AS d FROM range(5) t(i) WHERE i >= {low}",
                    null, null, "rows"))).cell().id();
            String frame = nb.add("df = rows.df()\n(list(df.columns), [str(t) for t in df.dtypes], len(df), df['s'].tolist())");
            String total = nb.add("int(df['i'].sum())");
            nb.awaitQuiet();
            assertThat(nb.cell(query).status()).as("%s", nb.cell(query).error()).isEqualTo(CellStatus.OK);
            assertThat(text(nb.cell(frame))).isEqualTo(
                    "(['i', 'f', 's', 'd'], ['int64', 'float64', 'object', 'datetime64[ns]'], 3, ['r2', 'r3', 'r4'])");
            assertThat(text(nb.cell(total))).isEqualTo("9");
            nb.edit(low, "low = 4");
            nb.awaitQuiet();
            assertThat(text(nb.cell(total))).isEqualTo("4");
        }
    }

    @Test
    void rowsKeepTheirPythonTypesOnCPythonAsOnGraalPy() throws Exception {
        try (TestNotebook nb = open("types.py", "")) {
            nb.call(new Command.CreateCell(CellKind.SQL,
                    "SELECT 1 AS i, 2.5 AS f, 'x' AS s, true AS b, NULL::INTEGER AS n, 12345678901234567890.5::DECIMAL(38,2) AS dec,"
                            + " DATE '2026-12-02' AS d", null, null, "r"));
            String row = nb.add("r[0]");
            String missingLib = nb.add("import importlib.util\nimportlib.util.find_spec('polars') is None and r.pl()");
            nb.awaitQuiet();
            assertThat(text(nb.cell(row))).isEqualTo("{'i': 1, 'f': Decimal('2.5'), 's': 'x', 'b': True, 'n': None, "
                    + "'dec': Decimal('12345678901234567890.50'), 'd': datetime.date(2026, 12, 2)}");
            CellInfo pl = nb.cell(missingLib);
            if (pl.status() == CellStatus.ERROR) {
                assertThat(pl.error().message()).contains("needs polars");
            }
        }
    }
}
