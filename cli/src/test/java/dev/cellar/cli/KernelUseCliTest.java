package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cellar kernel use}: lists the Pythons found, writes the chosen one in the header, refuses what is not one. */
class KernelUseCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void kernelUseListsChoosesAndRefusesFromTheShell() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3 on this machine");
        Path nb = cli.dir().resolve("choose.py");
        cli.cellar("new", nb.toString());

        assertThat(cli.cellar("kernel", "--help").out()).contains("cellar kernel use NB.py PATH|auto|graalpy", "use");
        Result listed = cli.cellar("kernel", "use", nb.toString());
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains("python=auto runs on", "graalpy", "GraalPy (embedded)",
                "choose one: cellar kernel use");

        Result used = cli.cellar("kernel", "use", nb.toString(), python.toString());
        assertThat(used.exit()).as(used.err()).isZero();
        assertThat(used.out()).contains("runs on", python.toString());
        assertThat(Files.readString(nb)).startsWith("# cellar: python=" + python + "\n");

        Result refused = cli.cellar("kernel", "use", nb.toString(), "/etc/hostname-not-there");
        assertThat(refused.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.err()).contains("does not exist");
        assertThat(Files.readString(nb)).startsWith("# cellar: python=" + python + "\n");
    }
}
