package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20, route 1: modules planted in a notebook's folder never run before the worker has
 * confined itself (nor, shadowing the standard library, after), while the notebook's own
 * modules, PYTHONPATH, the user's site-packages and a venv's packages still import. Each planted
 * module writes a marker outside the folder (only an unconfined process can) and one inside.
 */
@ParameterizedClass(name = "sandbox={0}")
@ValueSource(booleans = {false, true})
class IsolatedStartTest {
    /** Shadow the standard library modules the worker imports before it is confined. */
    private static final List<String> PLANTED = List.of("json", "struct", "types", "sitecustomize", "usercustomize",
            "platform", "signal", "codecs", "threading");

    @Parameter
    boolean sandbox;

    @TempDir
    Path root;
    Path folder;
    Path outside;
    Map<String, String> env;

    @BeforeEach
    void plant() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path home = FakeHome.in(root);
        folder = Files.createDirectories(root.resolve("nb"));
        outside = Files.createDirectories(root.resolve("markers"));
        for (String name : PLANTED) {
            Files.writeString(folder.resolve(name + ".py"), marker(name));
        }
        Files.createDirectories(folder.resolve("encodings"));
        Files.writeString(folder.resolve("encodings/__init__.py"), marker("encodings"));
        Files.writeString(folder.resolve("mymod.py"), "VALUE = 'mine'\n");
        Path pythonPath = Files.createDirectories(root.resolve("pp"));
        Files.writeString(pythonPath.resolve("ppmod.py"), "VALUE = 'from PYTHONPATH'\n");
        Path userBase = root.resolve("userbase");
        Path userSite = Files.createDirectories(Path.of(ask(TestPython.cpython(), Map.of("PYTHONUSERBASE",
                userBase.toString()), "import site; print(site.getusersitepackages())")));
        Files.writeString(userSite.resolve("usermod.py"), "VALUE = 'from the user site'\n");

        env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("HOME", home.toString());
        env.put("PYTHONPATH", pythonPath.toString());
        env.put("PYTHONUSERBASE", userBase.toString());
    }

    private String marker(String name) {
        return """
                import os as _os
                for _d in (%s, %s):
                    try:
                        open(_os.path.join(_d, 'ran-%s'), 'w').close()
                    except BaseException:
                        pass
                """.formatted(py(outside), py(folder), name);
    }

    private static String py(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String ask(Path python, Map<String, String> env, String code) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", code);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    private TestNotebook open(String header) throws Exception {
        Path file = folder.resolve("nb.py");
        Files.writeString(file, "# cellar: " + header + (sandbox ? " sandbox=on" : "") + "\n");
        TestNotebook nb = new TestNotebook(NotebookSession.open("iso", file, false,
                TestDaemonParts.services(new NotebookStore(), env)));
        if (sandbox && "unavailable".equals(nb.snapshot().kernel().sandbox())) {
            nb.close();
            assumeTrue(false, "this machine cannot confine a worker: " + nb.snapshot().kernel().problem());
        }
        return nb;
    }

    private static String run(TestNotebook nb, String code) {
        String id = nb.add(code);
        nb.awaitQuiet();
        CellInfo cell = nb.cell(id);
        assertThat(cell.status()).as("cell %s: %s", code, cell.error()).isEqualTo(CellStatus.OK);
        return text(cell);
    }

    private void assertNothingPlantedRan() throws Exception {
        try (var markers = Files.list(outside)) {
            assertThat(markers.map(p -> p.getFileName().toString()).toList()).as("ran unconfined").isEmpty();
        }
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ran-")).toList())
                    .as("ran at all").isEmpty();
        }
    }

    @Test
    void modulesPlantedInTheFolderNeverRunButTheNotebooksOwnAndPythonPathsImport() throws Exception {
        try (TestNotebook nb = open("autorun=true")) {
            assertThat(run(nb, """
                    import os, sys, json, mymod, ppmod, usermod
                    (mymod.VALUE, ppmod.VALUE, usermod.VALUE, os.getcwd() == %s, sys.path[0] == %s, json.dumps([1]))"""
                    .formatted(py(folder), py(folder))))
                    .isEqualTo("('mine', 'from PYTHONPATH', 'from the user site', True, True, '[1]')");
            // the notebook's folder then PYTHONPATH, before the standard library, as in a person's own python
            assertThat(run(nb, "__import__('sys').path[:2] == [%s, %s]".formatted(py(folder),
                    py(root.resolve("pp"))))).isEqualTo("True");
            // a second worker (after a restart) does not pick them up either
            nb.call(new Command.RestartKernel());
            assertThat(run(nb, "__import__('json').dumps({'a': __import__('struct').calcsize('>I')})"))
                    .isEqualTo("'{\"a\": 4}'");
        }
        assertNothingPlantedRan();
    }

    @Test
    void aVenvInTheFolderStillGivesItsPackagesAndPrefixAndAPthFilePlantedThereRunsOnlyConfined() throws Exception {
        Path venv = folder.resolve(".venv");
        Process make = new ProcessBuilder(TestPython.cpython().toString(), "-m", "venv", "--without-pip", venv.toString())
                .redirectErrorStream(true).start();
        String made = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(make.waitFor() == 0, "python3 -m venv does not work here: " + made);
        Path sitePackages = Path.of(ask(venv.resolve("bin/python"), Map.of(),
                "import sysconfig; print(sysconfig.get_paths()['purelib'])"));
        Files.writeString(sitePackages.resolve("venvmod.py"), "VALUE = 'from the venv'\n");
        if (sandbox) {
            // a confined cell may write here (its folder): what it leaves must not run before confinement
            Files.writeString(sitePackages.resolve("planted.pth"), "import os; exec(" + pyText(marker("pth")) + ")\n");
        }
        try (TestNotebook nb = open("python=.venv/bin/python")) {
            assertThat(run(nb, "import sys, venvmod\n(sys.prefix == %s, venvmod.VALUE)".formatted(py(venv))))
                    .isEqualTo("(True, 'from the venv')");
        }
        try (var markers = Files.list(outside)) {
            assertThat(markers.map(p -> p.getFileName().toString()).toList()).as("ran unconfined").isEmpty();
        }
    }

    private static String pyText(String code) {
        return "'" + code.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
