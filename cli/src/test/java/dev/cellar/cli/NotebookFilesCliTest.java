package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Notebook files the CLI meets: odd ones are opened with warnings, missing ones are not made by accident. */
@Timeout(120)
class NotebookFilesCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void showAndRunWarnOfProblemsInTheFileAndGoOn() throws Exception {
        Path nb = cli.examples().resolve("problems.py");
        Files.writeString(nb, "# cellar: autorun=maybe\n\n# %% id=aa1111\nx = 1\n\n# %% id=aa1111\nprint(x + 1)\n");
        String warning = "cellar: warning: " + nb + ": setting autorun=maybe in the header: expected true or false";

        Result show = cli.cellar("show", nb.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.err()).contains(warning, ": cell id aa1111 appears more than once; cell [1] now has id ");

        Result run = cli.cellar("run", nb.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("2\n");
        assertThat(run.err()).contains(warning);

        assertThat(cli.cellar("show", "--json", nb.toString()).out()).contains("\"problems\" : [ \"setting autorun=maybe");
    }

    @Test
    void showSaysWhichVariablesEnvPassesToAConfinedWorker() throws Exception {
        Path nb = cli.examples().resolve("passes.py");
        Files.writeString(nb, "# cellar: python=graalpy env=HF_HOME,GITHUB_TOKEN env=bad-name\n\n# %% id=aa1111\nx = 1\n");
        Result show = cli.cellar("show", nb.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("  env: HF_HOME,GITHUB_TOKEN\n");
        assertThat(show.err()).contains("'bad-name' is not a variable name");
        assertThat(cli.cellar("show", "--json", nb.toString()).out()).contains("\"env\" : [ \"HF_HOME\", \"GITHUB_TOKEN\" ]");
    }

    @Test
    void showListsTheEndpointsNetLetsAConfinedKernelReach() throws Exception {
        Path nb = cli.examples().resolve("reaches.py");
        Files.writeString(nb, "# cellar: python=graalpy net=127.0.0.1:8786,[::1]:5432 net=on\n\n# %% id=aa1111\nx = 1\n");
        Result show = cli.cellar("show", nb.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("\nnet: 127.0.0.1:8786, [::1]:5432\n");
        assertThat(show.out()).as("GraalPy has no network to give").contains("sandbox: unavailable");
        assertThat(show.err()).contains("'on' is not HOST:PORT");
        assertThat(cli.cellar("show", "--json", nb.toString()).out()).contains("\"net\" : [ \"127.0.0.1:8786\", \"[::1]:5432\" ]");
    }

    @Test
    void editOfAMissingFileCreatesNothingWithoutCreate() {
        Path typo = cli.dir().resolve("tuor.py");
        Result r = cli.cellar("edit", typo.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).isEqualTo("cellar: no notebook at " + typo + " (create it with: cellar edit --create " + typo + ")\n");
        assertThat(typo).doesNotExist();
        assertThat(cli.cellar("edit", "--help").out()).contains("--create");
    }
}
