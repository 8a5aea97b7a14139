package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.InterpretersResult;
import dev.cellar.protocol.method.KernelUseResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing the Python (issue 22): {@code kernel.use} writes {@code python=} in the header as an
 * edit through the loop (the file and the kernel follow), a person's pick applies and an agent's
 * waits; {@code kernel.interpreters} lists what it finds and runs nothing a confined cell could
 * have put in the notebook's folder; an ImportError names the Python that ran the cell.
 */
class KernelUseTest {
    @TempDir
    Path root;
    Path file;
    /** Another Python for the notebook: a link to the machine's CPython outside the notebook's folder. */
    Path other;
    SessionServices services;

    @BeforeEach
    void aNotebookOnCPython() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path home = FakeHome.in(root);
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3"), TestPython.cpython());
        other = Files.createDirectories(root.resolve("other")).resolve("python3");
        Files.createSymbolicLink(other, TestPython.cpython());
        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("HOME", home.toString());
        env.put("PATH", bin.toString());
        services = TestDaemonParts.services(new NotebookStore(), env);
        file = Files.createDirectories(root.resolve("project")).resolve("nb.py");
        Files.writeString(file, "# %% id=\"cell1\"\nimport sys\nsys.executable\n");
    }

    private TestNotebook open() {
        return new TestNotebook(NotebookSession.open("nb", file, false, services));
    }

    private static KernelUseResult use(TestNotebook nb, Origin origin, String python) throws Exception {
        return nb.session.use(origin, python).get(60, TimeUnit.SECONDS);
    }

    private static String text(CellInfo c) {
        return c.outputs().stream().map(o -> o instanceof Output.Text t ? t.text() : String.valueOf(o)).toList().toString();
    }

    @Test
    void aPersonsPickIsWrittenInTheHeaderAndTheKernelRestartsOnIt() throws Exception {
        try (TestNotebook nb = open()) {
            nb.runAndWait("cell1");
            assertThat(text(nb.cell("cell1"))).contains(TestPython.cpython().toString());

            KernelUseResult r = use(nb, USER, other.toString());

            assertThat(r.applied()).isTrue();
            assertThat(r.kernel().executable()).isEqualTo(other.toString());
            assertThat(Files.readString(file)).startsWith("# cellar: python=" + other + "\n# %% id=\"cell1\"");
            assertThat(nb.events).anyMatch(e -> e.type() == EventType.KERNEL_CHANGED);
            assertThat(nb.cell("cell1").status()).as("the kernel restarted").isEqualTo(CellStatus.STALE);
            nb.runAndWait("cell1");
            assertThat(text(nb.cell("cell1"))).contains(other.toString());
            assertThat(nb.snapshot().kernel().pending()).isNull();

            // back to auto: the header says so, the kernel follows again
            assertThat(use(nb, USER, "auto").kernel().executable()).isEqualTo(TestPython.cpython().toString());
            assertThat(Files.readString(file)).startsWith("# cellar: python=auto\n");
        }
    }

    @Test
    void anAgentOrTheAssistantCannotWidenByPickingAPython() throws Exception {
        for (Origin agent : List.of(new Origin("agent:claude-code", null), new Origin("assistant", null))) {
            try (TestNotebook nb = open()) {
                KernelUseResult r = use(nb, agent, other.toString());

                assertThat(r.applied()).as(agent.actor()).isFalse();
                assertThat(r.message()).contains("waits for a person", "cellar confirm");
                assertThat(Files.readString(file)).startsWith("# cellar: python=" + other + "\n");
                assertThat(nb.snapshot().kernel().executable()).isEqualTo(TestPython.cpython().toString());
                assertThat(nb.snapshot().kernel().pending()).contains("python=" + other, agent.actor());
                assertThat(nb.events).anyMatch(e -> e.type() == EventType.NOTEBOOK_FILE
                        && ((Event.NotebookFile) e).notice().contains("waits for a person"));
                nb.runAndWait("cell1");
                assertThat(text(nb.cell("cell1"))).contains(TestPython.cpython().toString());

                // a person confirms: the notebook runs on the pick
                nb.session.confirm(USER, false, null).get(60, TimeUnit.SECONDS);
                assertThat(nb.snapshot().kernel().executable()).isEqualTo(other.toString());
            }
            Files.writeString(file, "# %% id=\"cell1\"\nimport sys\nsys.executable\n");
        }
    }

    @Test
    void aPathThatIsNotAPythonIsRefusedAndNothingIsWritten() throws Exception {
        Path script = root.resolve("not-python");
        Files.writeString(script, "#!/bin/sh\necho hello\n");
        script.toFile().setExecutable(true);
        String before = Files.readString(file);
        try (TestNotebook nb = open()) {
            assertRefused(nb, script.toString(), "not a working Python");
            assertRefused(nb, root.resolve("missing/python3").toString(), "does not exist");
            assertRefused(nb, root.toString(), "is a folder, not a Python");
            assertRefused(nb, "/usr/bin/my python", "white space");
            assertThat(Files.readString(file)).isEqualTo(before);
        }
    }

    private static void assertRefused(TestNotebook nb, String python, String why) {
        assertThatThrownBy(() -> nb.session.use(USER, python).get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMS);
                    assertThat(e.getMessage()).contains(why);
                });
    }

    @Test
    void aPythonInTheNotebooksFolderIsListedButRunOnlyOnceAPersonPicksIt() throws Exception {
        Path marker = root.resolve("the-venv-python-ran");
        Path venv = Files.createDirectories(file.resolveSibling(".venv/bin")).resolve("python");
        Files.writeString(venv, "#!/bin/sh\necho ran >> '" + marker + "'\nexec '" + TestPython.cpython() + "' \"$@\"\n");
        venv.toFile().setExecutable(true);
        Path above = Files.createDirectories(root.resolve(".venv/bin")).resolve("python");
        Files.createSymbolicLink(above, TestPython.cpython());
        try (TestNotebook nb = open()) {
            List<InterpretersResult.Choice> found = nb.session.interpreters().get(60, TimeUnit.SECONDS).interpreters();

            assertThat(found).extracting(InterpretersResult.Choice::python)
                    .containsExactly(".venv/bin/python", "../.venv/bin/python", TestPython.cpython().toString(),
                            root.resolve("bin/python3").toString(), "graalpy");
            InterpretersResult.Choice inFolder = found.getFirst();
            assertThat(inFolder.notProbed()).contains("in the notebook's folder");
            assertThat(inFolder.version()).isNull();
            assertThat(inFolder.summary()).startsWith("not probed: in the notebook's folder");
            assertThat(marker).as("listing ran the Python in the notebook's folder").doesNotExist();
            InterpretersResult.Choice parent = found.get(1);
            assertThat(parent.notProbed()).isNull();
            assertThat(parent.version()).startsWith("CPython 3.");
            assertThat(parent.packages()).containsKeys("numpy", "pandas", "matplotlib");
            assertThat(found.get(2).running()).isTrue();
            assertThat(found.getLast().version()).isEqualTo("GraalPy (embedded)");

            KernelUseResult picked = use(nb, USER, venv.toString());
            assertThat(picked.applied()).isTrue();
            assertThat(picked.python()).isEqualTo(".venv/bin/python");
            assertThat(Files.readString(file)).startsWith("# cellar: python=.venv/bin/python\n");
            assertThat(marker).as("the person's pick runs it").exists();
            InterpretersResult.Choice now = nb.session.interpreters().get(60, TimeUnit.SECONDS).interpreters().getFirst();
            assertThat(now.notProbed()).isNull();
            assertThat(now.version()).startsWith("CPython 3.");
            assertThat(now.running()).isTrue();
        }
    }

    @Test
    void anImportErrorNamesThePythonThatRanTheCellAndHowToPickAnother() {
        try (TestNotebook nb = open()) {
            String id = nb.add("import no_such_module_for_cellar");
            nb.awaitQuiet();
            CellInfo c = nb.cell(id);
            assertThat(c.status()).isEqualTo(CellStatus.ERROR);
            assertThat(c.error().ename()).isEqualTo("ModuleNotFoundError");
            assertThat(c.error().summary()).contains("No module named 'no_such_module_for_cellar'",
                    "ran on CPython", TestPython.cpython().toString(), "cellar kernel use " + file, "P in the terminal UI");
        }
    }

    @Test
    void pythonAddedToTheHeaderInAnEditorWaitsForAPersonAndOutlivesTheNextSave() throws Exception {
        try (TestNotebook nb = open()) {
            Files.writeString(file, "# cellar: python=" + other + "\n" + Files.readString(file));
            nb.call(new Command.SyncFile());

            assertThat(nb.snapshot().kernel().executable()).isEqualTo(TestPython.cpython().toString());
            assertThat(nb.snapshot().kernel().pending()).contains("python=" + other, "cellar confirm");
            nb.edit("cell1", "import sys\nsys.executable, 1");
            assertThat(Files.readString(file)).startsWith("# cellar: python=" + other + "\n").contains("sys.executable, 1");

            nb.session.confirm(USER, false, null).get(60, TimeUnit.SECONDS);
            assertThat(nb.snapshot().kernel().executable()).isEqualTo(other.toString());
            assertThat(Files.readString(file)).startsWith("# cellar: python=" + other + "\n");
        }
    }
}
