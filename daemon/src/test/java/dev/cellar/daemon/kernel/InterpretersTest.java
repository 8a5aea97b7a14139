package dev.cellar.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a notebook's python= setting and the daemon's environment choose the Python its cells run on. */
class InterpretersTest {
    @TempDir
    Path dir;

    private static final Path CPYTHON = TestPython.cpython();

    @Test
    void autoTakesCellarPythonFirst() {
        Interpreter i = new Interpreters(Map.of("CELLAR_PYTHON", CPYTHON.toString(), "PATH", "")).resolve("auto", dir);
        assertThat(i.kind()).isEqualTo(Interpreter.Kind.USER);
        assertThat(i.executable()).isEqualTo(CPYTHON);
        assertThat(i.implementation()).isEqualTo("CPython");
        assertThat(i.version()).matches("3\\.\\d+\\.\\d+.*");
        assertThat(new Interpreters(Map.of("CELLAR_PYTHON", "graalpy")).resolve("auto", dir).embedded()).isTrue();
    }

    @Test
    void autoFindsAVenvInTheNotebooksFolderOrTheNearestParent() throws Exception {
        Path project = dir.resolve("project");
        Path notebooks = Files.createDirectories(project.resolve("analysis/notebooks"));
        Process venv = new ProcessBuilder(CPYTHON.toString(), "-m", "venv", "--without-pip", project.resolve(".venv").toString())
                .inheritIO().start();
        assertThat(venv.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(venv.exitValue()).as("python3 -m venv").isZero();
        Interpreter i = new Interpreters(Map.of("PATH", CPYTHON.getParent().toString())).resolve("auto", notebooks);
        assertThat(i.executable()).isEqualTo(project.resolve(".venv/bin/python"));
        assertThat(i.problem()).isNull();
    }

    @Test
    void autoTakesPython3OnThePathWhenThereIsNoVenv() {
        Interpreter i = new Interpreters(Map.of("PATH", CPYTHON.getParent().toString())).resolve("auto", dir);
        assertThat(i.executable()).isEqualTo(CPYTHON.getParent().resolve("python3"));
    }

    @Test
    void autoFallsBackToEmbeddedGraalPyWhenNoPythonIsFound() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("bin")).resolve("python3");
        Files.writeString(broken, "#!/bin/sh\necho 'pyenv: python3: command not found' >&2\nexit 127\n");
        broken.toFile().setExecutable(true);
        Interpreter i = new Interpreters(Map.of("PATH", dir.resolve("bin") + ":" + dir.resolve("nothing-here"))).resolve("auto", dir);
        assertThat(i.embedded()).isTrue();
        assertThat(i.describe()).isEqualTo("GraalPy (embedded)");
    }

    @Test
    void theHeaderNamesAPythonOrGraalPyAndABadPathIsAClearProblem() {
        Interpreters interpreters = new Interpreters(Map.of("CELLAR_PYTHON", "graalpy"));
        assertThat(interpreters.resolve(CPYTHON.toString(), dir).executable()).isEqualTo(CPYTHON);
        assertThat(interpreters.resolve("graalpy", dir).embedded()).isTrue();
        Interpreter missing = interpreters.resolve("envs/py/bin/python", dir);
        assertThat(missing.problem()).isEqualTo("python=envs/py/bin/python: " + dir.resolve("envs/py/bin/python")
                + " is not an executable file");
        assertThat(missing.describe()).startsWith("no usable Python: ");
    }
}
