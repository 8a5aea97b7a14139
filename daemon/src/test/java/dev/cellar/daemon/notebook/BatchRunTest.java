package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.cellar.daemon.run.RunOptions;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs as a batch job asks for them: parameters, a per-cell limit for this run, stop at the first failure. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestPython.class)
class BatchRunTest {
    @Parameter
    TestPython python;

    @TempDir
    Path dir;

    private TestNotebook notebook(String text) throws Exception {
        Path file = dir.resolve("batch.py");
        Files.writeString(file, text);
        return new TestNotebook(NotebookSession.open("b", file, false, TestDaemonParts.services(python)));
    }

    private static RunResult runAll(TestNotebook nb, RunOptions options) {
        return nb.call(new Command.Run(null, true, options));
    }

    @Test
    void parametersReplaceWhatTheParametersCellSetsForEveryCellDownstream() throws Exception {
        try (TestNotebook nb = notebook("""
                # cellar: autorun=false

                # %% id=params parameters
                rate = 0.1
                name = "base"

                # %% id=use
                f"{name}: {rate * 100:.0f}%"
                """)) {
            runAll(nb, new RunOptions(Map.of("rate", "0.25", "name", "\"override\""), null, false));
            assertThat(text(nb.cell("use"))).isEqualTo("'override: 25%'");
            assertThat(Files.readString(dir.resolve("batch.py"))).as("the file keeps its defaults").contains("rate = 0.1");

            runAll(nb, RunOptions.DEFAULT);
            assertThat(text(nb.cell("use"))).isEqualTo("'base: 10%'");

            assertThatThrownBy(() -> runAll(nb, new RunOptions(Map.of("speed", "3"), null, false)))
                    .isInstanceOf(RpcException.class).hasMessageContaining("does not define speed");
        }
    }

    @Test
    void parametersNeedAParametersCell() throws Exception {
        try (TestNotebook nb = notebook("# %% id=a\nx = 1\n")) {
            assertThatThrownBy(() -> runAll(nb, new RunOptions(Map.of("x", "2"), null, false)))
                    .isInstanceOf(RpcException.class).hasMessageContaining("no parameters cell");
        }
    }

    @Test
    void failFastStopsAtTheFirstFailureWhileTheDefaultRunsEverythingPossible() throws Exception {
        String text = "# cellar: autorun=false\n\n# %% id=bad\n1 / 0\n\n# %% id=indep\n'independent'\n";
        try (TestNotebook nb = notebook(text)) {
            RunResult all = runAll(nb, RunOptions.DEFAULT);
            assertThat(all.cells()).extracting(CellInfo::status).containsExactly(CellStatus.ERROR, CellStatus.OK);
        }
        try (TestNotebook nb = notebook(text)) {
            RunResult fast = runAll(nb, new RunOptions(Map.of(), null, true));
            assertThat(fast.cells()).extracting(CellInfo::status).containsExactly(CellStatus.ERROR, CellStatus.BLOCKED);
            assertThat(fast.cells().get(1).error().message()).contains("stops at the first failure");
        }
    }

    @Test
    void aCellTimeoutForThisRunOverridesTheNotebooks() throws Exception {
        try (TestNotebook nb = notebook("# cellar: autorun=false\n\n# %% id=spin\nwhile True:\n    pass\n")) {
            RunResult r = runAll(nb, new RunOptions(Map.of(), Duration.ofMillis(300), false));
            assertThat(r.cells().getFirst().error().ename()).isEqualTo("TimeoutError");
        }
    }
}
