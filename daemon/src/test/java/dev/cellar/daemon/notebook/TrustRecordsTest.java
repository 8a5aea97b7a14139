package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.USER;
import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.daemon.store.PercentFormat;
import dev.cellar.daemon.trust.Trust;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.ConfirmResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust records at work (issue 20, routes 2 and 3): what a confined cell writes into its
 * folder (a {@code .venv} Python, its own notebook's header) is not run or applied until a
 * person confirms it, while a person's own notebooks elsewhere open as before. Each test has
 * a temp {@code $HOME} (so its own trust records) and runs on the machine's CPython, found as
 * {@code python=auto} finds it; the ones that need a confined worker skip where the machine
 * cannot confine.
 */
class TrustRecordsTest {
    @TempDir
    Path root;
    Path home;
    SessionServices services;

    @BeforeEach
    void aFakeHome() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        home = FakeHome.in(root);
        Map<String, String> env = new HashMap<>();
        // no CELLAR_PYTHON: python=auto looks for a .venv, then python3 on PATH, as for a person
        env.put("PATH", TestPython.cpython().getParent() + ":" + System.getenv().getOrDefault("PATH", ""));
        env.put("HOME", home.toString());
        env.put("CELLAR_SOCKET", root.resolve("run/cellar.sock").toString());
        services = TestDaemonParts.services(new NotebookStore(), env);
    }

    private Trust trust() {
        return services.interpreters().trust();
    }

    private TestNotebook open(Path file) {
        return new TestNotebook(NotebookSession.open("nb", file, false, services));
    }

    /** A notebook with {@code sandbox=on} in a folder of its own, opened once; skips where the machine cannot confine. */
    private Path confinedNotebook(String name) throws Exception {
        Path folder = Files.createDirectories(home.resolve(name));
        Path file = folder.resolve("nb.py");
        Files.writeString(file, "# cellar: sandbox=on\n");
        return file;
    }

    private static void assumeConfined(TestNotebook nb) {
        NotebookSnapshot s = nb.snapshot();
        assumeTrue("landlock+seccomp".equals(s.kernel().sandbox()), "this machine cannot confine a worker: "
                + s.kernel().problem());
    }

    private static CellInfo run(TestNotebook nb, String code) {
        String id = nb.add(code);
        nb.awaitQuiet();
        return nb.cell(id);
    }

    private static ConfirmResult confirm(TestNotebook nb, boolean dryRun, String sha) throws Exception {
        return nb.session.confirm(USER, dryRun, sha).get(120, TimeUnit.SECONDS);
    }

    @Test
    void aPythonThatAConfinedCellPlantsAsVenvIsNeverRunUntilAPersonConfirmsIt() throws Exception {
        Path file = confinedNotebook("planted");
        Path venvPython = file.resolveSibling(".venv/bin/python");
        Path marker = root.resolve("the-planted-python-ran");
        String script = "#!/bin/sh\necho ran >> '" + marker + "'\nexec '" + TestPython.cpython() + "' \"$@\"\n";
        try (TestNotebook nb = open(file)) {
            assumeConfined(nb);
            CellInfo plant = run(nb, """
                    import os
                    os.makedirs('.venv/bin', exist_ok=True)
                    fd = os.open('.venv/bin/python', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o755)
                    os.write(fd, %s.encode())
                    os.close(fd)
                    'planted'
                    """.formatted(pyString(script)));
            assertThat(plant.status()).as("planting: %s", plant.error()).isEqualTo(CellStatus.OK);
        }
        assertThat(venvPython).isExecutable();
        assertThat(marker).doesNotExist();

        try (TestNotebook nb = open(file)) {
            NotebookSnapshot s = nb.snapshot();
            assertThat(marker).as("opening the notebook ran the planted Python").doesNotExist();
            assertThat(s.kernel().executable()).isEqualTo(venvPython.toString());
            assertThat(s.kernel().pending()).contains(venvPython.toString(), "new", "cellar confirm " + file);
            assertThat(s.problems()).anyMatch(p -> p.contains("cellar confirm " + file));
            CellInfo refused = run(nb, "1 + 1");
            assertThat(refused.status()).isEqualTo(CellStatus.ERROR);
            assertThat(refused.error().message()).contains(venvPython.toString(), "cellar confirm " + file);
            assertThat(marker).as("no probe, no worker, no analyser ran it").doesNotExist();

            ConfirmResult waiting = confirm(nb, true, null);
            assertThat(waiting.confirmed()).isFalse();
            assertThat(waiting.header()).isEmpty();
            assertThat(waiting.interpreter().path()).isEqualTo(venvPython.toString());
            assertThat(waiting.interpreter().sha256()).isEqualTo(Trust.sha256(venvPython));
            assertThat(waiting.interpreter().previousSha256()).isNull();
            assertThat(marker).doesNotExist();

            ConfirmResult done = confirm(nb, false, waiting.interpreter().sha256());
            assertThat(done.confirmed()).isTrue();
            assertThat(done.kernel().pending()).isNull();
            assertThat(done.kernel().sandbox()).isEqualTo("landlock+seccomp");
            assertThat(nb.eventsOf(EventType.KERNEL_CHANGED)).isNotEmpty();
            nb.runAndWait(refused.id());
            assertThat(nb.cell(refused.id()).status()).as("%s", nb.cell(refused.id()).error()).isEqualTo(CellStatus.OK);
            assertThat(text(nb.cell(refused.id()))).isEqualTo("2");
            assertThat(marker).as("confirmed, it runs").exists();
        }
    }

    /**
     * A confined notebook on the person's venv in its folder (a link to their Python, as {@code python -m
     * venv} makes it), confirmed: its cells can write that venv, and its kernel starts again later.
     */
    private Path confinedVenvNotebook(String name) throws Exception {
        Path file = confinedNotebook(name); // python=auto: the .venv in its folder
        Path python = Files.createDirectories(file.resolveSibling(".venv/bin")).resolve("python");
        Path real = TestPython.cpython().toRealPath();
        Files.createSymbolicLink(python, real);
        Files.writeString(python.getParent().resolveSibling("pyvenv.cfg"),
                "home = " + real.getParent() + "\ninclude-system-site-packages = false\n");
        trust().confinedFolder(file.getParent());
        trust().confirmInterpreter(python, Trust.sha256(python));
        return file;
    }

    /** Runs a confined cell that plants something where the next unconfined start would read it; it must have run. */
    private static void plant(TestNotebook nb, String code) {
        assumeConfined(nb);
        CellInfo planted = run(nb, code);
        assertThat(planted.status()).as("planting: %s", planted.error()).isEqualTo(CellStatus.OK);
    }

    @Test
    void aVenvConfigACellRewritesIsNotReadBeforeTheNextWorkerHasConfinedItself() throws Exception {
        Path file = confinedVenvNotebook("venvcfg");
        Path marker = root.resolve("the-planted-stdlib-ran");
        try (TestNotebook nb = open(file)) {
            // home = a folder of the cell's: a Python started as the venv's link takes its standard library from there
            plant(nb, """
                    import os, sys
                    lib = os.path.abspath('fake/lib/python%%d.%%d' %% sys.version_info[:2])
                    os.makedirs(lib + '/encodings')
                    open(lib + '/os.py', 'w').close()
                    with open(lib + '/encodings/__init__.py', 'w') as f:
                        f.write('import posix\\nposix.system("echo ran >> %s")\\n')
                    with open('.venv/pyvenv.cfg', 'w') as f:
                        f.write('home = ' + os.path.abspath('fake/bin') + '\\n')
                    'planted'
                    """.formatted(marker));
            nb.call(new Command.RestartKernel());
            CellInfo after = run(nb, "__import__('sys').prefix == %s".formatted(pyString(file.resolveSibling(".venv").toString())));
            assertThat(marker).as("the planted encodings module ran unconfined").doesNotExist();
            assertThat(after.status()).as("%s", after.error()).isEqualTo(CellStatus.OK);
            assertThat(text(after)).as("the venv is still the worker's, read once confined").isEqualTo("True");
        }
    }

    @Test
    void aVenvPythonACellReplacesIsCheckedAgainBeforeTheNextKernelStarts() throws Exception {
        Path file = confinedVenvNotebook("venvswap");
        Path marker = root.resolve("the-swapped-python-ran");
        String script = "#!/bin/sh\necho ran >> '" + marker + "'\nexec '" + TestPython.cpython() + "' \"$@\"\n";
        try (TestNotebook nb = open(file)) {
            plant(nb, """
                    import os
                    os.unlink('.venv/bin/python')
                    fd = os.open('.venv/bin/python', os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o755)
                    os.write(fd, %s.encode())
                    os.close(fd)
                    'swapped'
                    """.formatted(pyString(script)));
            nb.call(new Command.RestartKernel());
            CellInfo refused = run(nb, "1 + 1");
            assertThat(marker).as("the new kernel ran the cell's script, unconfined").doesNotExist();
            assertThat(refused.status()).isEqualTo(CellStatus.ERROR);
            assertThat(refused.error().message()).contains(".venv/bin/python", "cellar confirm " + file);
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void listingPythonsImportsNoPackageACellCouldHaveWrittenInAConfirmedVenv() throws Exception {
        Path file = confinedVenvNotebook("venvlist");
        Path marker = root.resolve("the-planted-pth-ran");
        try (TestNotebook nb = open(file)) {
            plant(nb, """
                    import os, sys
                    packages = '.venv/lib/python%%d.%%d/site-packages' %% sys.version_info[:2]
                    os.makedirs(packages, exist_ok=True)
                    with open(packages + '/planted.pth', 'w') as f:
                        f.write('import os; os.system("echo ran >> %s")\\n')
                    'planted'
                    """.formatted(marker));
            var found = nb.session.interpreters().get(60, TimeUnit.SECONDS).interpreters();
            assertThat(marker).as("listing the Pythons ran the cell's .pth file, unconfined").doesNotExist();
            assertThat(found.getFirst().python()).isEqualTo(".venv/bin/python");
            assertThat(found.getFirst().notProbed()).contains("confined cell");
        }
    }

    @Test
    void aConfinedCellThatRewritesItsOwnHeaderStaysConfinedUntilAPersonConfirms() throws Exception {
        Path file = confinedNotebook("rewritten");
        try (TestNotebook nb = open(file)) {
            assumeConfined(nb);
            CellInfo rewrite = run(nb, """
                    t = open('nb.py').read()
                    open('nb.py', 'w').write(t.replace('# cellar: sandbox=on', '# cellar: sandbox=off approval=auto', 1))
                    """);
            assertThat(rewrite.status()).as("rewriting: %s", rewrite.error()).isEqualTo(CellStatus.OK);
        }
        assertThat(Files.readString(file)).startsWith("# cellar: sandbox=off approval=auto\n");

        try (TestNotebook nb = open(file)) {
            NotebookSnapshot s = nb.snapshot();
            assertThat(s.kernel().sandbox()).isEqualTo("landlock+seccomp");
            assertThat(s.kernel().pending()).contains("sandbox=off", "approval=auto", "running with sandbox=on",
                    "cellar confirm " + file);
            assertThat(nb.session.current().settings().sandbox()).isTrue();
            assertThat(nb.session.current().settings().approval()).as("the daemon's policy, as confirmed").isNull();
            CellInfo key = run(nb, """
                    try:
                        r = open(%s).read()
                    except OSError as e:
                        r = type(e).__name__
                    r
                    """.formatted(pyString(home.resolve(".ssh/id_ed25519").toString())));
            assertThat(text(key)).isEqualTo("'PermissionError'");

            ConfirmResult waiting = confirm(nb, true, null);
            assertThat(waiting.header()).containsExactly(new ConfirmResult.SettingChange("sandbox", "on", "off"),
                    new ConfirmResult.SettingChange("approval", null, "auto"));
            assertThat(waiting.interpreter()).isNull();
            ConfirmResult done = confirm(nb, false, null);
            assertThat(done.kernel().sandbox()).isEqualTo("off");
            assertThat(done.kernel().pending()).isNull();
            assertThat(nb.session.current().settings().approval()).isEqualTo("auto");
            assertThat(nb.snapshot().problems()).noneMatch(p -> p.contains("cellar confirm"));
        }
        try (TestNotebook nb = open(file)) {
            assertThat(nb.snapshot().kernel().sandbox()).as("confirmed stays confirmed").isEqualTo("off");
        }
    }

    @Test
    void aConnsLineACellCouldHaveWrittenWaitsForAPersonAndItsCellsAreRefusedMeanwhile() throws Exception {
        Path file = confinedNotebook("conns");
        try (TestNotebook nb = open(file)) {
            assumeConfined(nb);
        }
        trust().confinedFolder(file.getParent());
        Files.writeString(file, "# cellar: sandbox=on conns=@pg\n\n# %% [sql] id=\"q\" conn=\"@pg\"\n# SELECT 1 AS one\n");
        try (TestNotebook nb = open(file)) {
            assertThat(nb.snapshot().kernel().pending()).contains("conns=@pg");
            assertThat(nb.session.current().settings().conns()).isEmpty();
            assertThat(nb.snapshot().kernel().sql()).as("not a connection its cells may use yet").isEqualTo("duckdb");
            nb.runAndWait("q");
            assertThat(nb.cell("q").error().ename()).isEqualTo("SqlConnectionNotAllowed");
            assertThat(nb.cell("q").error().message()).contains("# cellar: conns=@pg", "a person must confirm it");
        }
    }

    @Test
    void narrowingAppliesAtOnceAndIsRecordedWideningAgainIsHeld() throws Exception {
        Path file = confinedNotebook("narrowed");
        try (TestNotebook nb = open(file)) {
            nb.snapshot();
        }
        trust().confinedFolder(file.getParent()); // (already, where the machine confines)
        Files.writeString(file, "# cellar: sandbox=on approval=ask-all\n");
        try (TestNotebook nb = open(file)) {
            assertThat(nb.snapshot().kernel().pending()).isNull();
            assertThat(nb.session.current().settings().approval()).isEqualTo("ask-all");
        }
        Files.writeString(file, "# cellar: sandbox=on approval=auto\n");
        try (TestNotebook nb = open(file)) {
            assertThat(nb.snapshot().kernel().pending()).contains("approval=auto", "running with approval=ask-all");
            assertThat(nb.session.current().settings().approval()).isEqualTo("ask-all");
        }
    }

    @Test
    void aPersonsOwnVenvForAnOrdinaryNotebookElsewhereIsUsedWithoutAsking() throws Exception {
        // a confined notebook elsewhere does not make this folder ask
        Path confined = confinedNotebook("boxed");
        try (TestNotebook nb = open(confined)) {
            nb.snapshot();
        }
        trust().confinedFolder(confined.getParent());
        Path folder = Files.createDirectories(home.resolve("analysis"));
        Path venv = Files.createDirectories(folder.resolve(".venv/bin")).resolve("python");
        Files.createSymbolicLink(venv, TestPython.cpython());
        Path file = folder.resolve("nb.py");
        Files.writeString(file, "# cellar: approval=auto\n");
        try (TestNotebook nb = open(file)) {
            NotebookSnapshot s = nb.snapshot();
            assertThat(s.kernel().executable()).isEqualTo(venv.toString());
            assertThat(s.kernel().pending()).isNull();
            assertThat(s.problems()).isEmpty();
            assertThat(nb.session.current().settings().approval()).isEqualTo("auto");
            CellInfo ran = run(nb, "import sys; sys.executable");
            assertThat(ran.status()).as("%s", ran.error()).isEqualTo(CellStatus.OK);
        }
        assertThat(trust().confirmed(file)).as("nothing recorded for it").isNull();
    }

    @Test
    void sandboxOnIsRefusedForANotebookInTheHomeFolderItself() throws Exception {
        Path file = home.resolve("nb.py");
        Files.writeString(file, "# cellar: sandbox=on\n");
        try (TestNotebook nb = open(file)) {
            NotebookSnapshot s = nb.snapshot();
            assertThat(s.kernel().sandbox()).isEqualTo("unavailable");
            assertThat(s.kernel().problem()).contains("home folder", "move the notebook into a folder of its own");
            CellInfo refused = run(nb, "open('ran.txt', 'w').write('x')");
            assertThat(refused.status()).isEqualTo(CellStatus.ERROR);
            assertThat(refused.error().message()).contains("home folder");
        }
        assertThat(home.resolve("ran.txt")).doesNotExist();
        assertThat(trust().reachable(home)).as("all of ~ would ask").isFalse();
    }

    @Test
    void noEditThroughTheDaemonCanChangeTheHeaderSettings() throws Exception {
        // the assistant's and agents' tools (create, update, move, delete cells) are these commands
        Path file = confinedNotebook("edited");
        String header = "# cellar: sandbox=off approval=auto python=/tmp/planted env=GITHUB_TOKEN net=10.0.0.9:22";
        try (TestNotebook nb = open(file)) {
            String first = ((dev.cellar.protocol.method.CellResult) nb.call(new Command.CreateCell(CellKind.PYTHON,
                    header, 0, null, null))).cell().id();
            nb.add(header + "\nx = 1");
            nb.edit(first, header + "\n" + header);
            nb.call(new Command.MoveCell(first, 1));
            nb.call(new Command.CreateCell(CellKind.MARKDOWN, header, 0, null, null));
        }
        var stored = PercentFormat.parse(Files.readString(file));
        assertThat(stored.header()).isEqualTo("# cellar: sandbox=on\n");
        assertThat(stored.settings().sandbox()).isTrue();
        assertThat(stored.settings().approval()).isNull();
        assertThat(stored.settings().python()).isEqualTo("auto");
        assertThat(stored.settings().net()).isEmpty();
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
