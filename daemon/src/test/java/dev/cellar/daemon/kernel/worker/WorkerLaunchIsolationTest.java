package dev.cellar.daemon.kernel.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.kernel.Interpreter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a CPython worker is started: isolated, in /, with the person's PYTHON* options carried as options. */
class WorkerLaunchIsolationTest {
    private static final Interpreter PYTHON = new Interpreter(Interpreter.Kind.USER, Path.of("/usr/bin/python3"), "CPython",
            "3.11.2", null);
    private static final Map<String, String> ENV = Map.of("PYTHONWARNINGS", "ignore::DeprecationWarning, error",
            "PYTHONDONTWRITEBYTECODE", "1", "PYTHONUTF8", "1", "PYTHONOPTIMIZE", "2", "PYTHONHASHSEED", "0",
            "PYTHONPATH", "/elsewhere");

    @Test
    void aConfinedWorkerStartsWithoutSiteInTheRootFolderAndAnUnconfinedOneWithIt() {
        WorkerLaunch confined = WorkerLaunch.python(PYTHON, Map.of(), Path.of("/nb"), ENV,
                new WorkerLaunch.Sandbox("landlock+seccomp", List.of(Path.of("/nb")), List.of()));
        WorkerLaunch unconfined = WorkerLaunch.python(PYTHON, Map.of(), Path.of("/nb"), ENV);
        WorkerLaunch analyser = WorkerLaunch.python(PYTHON, Map.of(), null, ENV);

        List<String> options = List.of("-W", "ignore::DeprecationWarning", "-W", "error", "-B", "-OO", "-X", "utf8=1");
        // confined: started as the file the path resolves to, so no pyvenv.cfg beside a link is read unconfined
        String resolved = dev.cellar.daemon.kernel.Interpreter.startable(Path.of("/usr/bin/python3")).toString();
        assertThat(confined.command()).startsWith(resolved, "-I", "-S").containsSubsequence(options)
                .contains("-c");
        if (!resolved.equals("/usr/bin/python3")) {
            assertThat(confined.boot().path("config").path("executable").asText()).as("put back once confined")
                    .isEqualTo("/usr/bin/python3");
        }
        assertThat(unconfined.command()).startsWith("/usr/bin/python3", "-I").doesNotContain("-S")
                .containsSubsequence(options);
        assertThat(analyser.command().subList(0, 4)).containsExactly("/usr/bin/python3", "-I", "-S", "-c");
        for (WorkerLaunch launch : List.of(confined, unconfined, analyser)) {
            assertThat(launch.directory()).isEqualTo(Path.of("/"));
        }
        assertThat(confined.boot().path("config").path("folder").asText()).isEqualTo("/nb");
        assertThat(analyser.boot().path("config").has("folder")).isFalse();
    }
}
