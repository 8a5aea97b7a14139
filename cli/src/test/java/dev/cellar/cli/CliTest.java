package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CLI's commands against a real daemon over its real socket (the daemon runs in this
 * JVM, sharing its GraalPy engine; scripts/smoke-test covers the launcher and on-demand
 * start in separate processes).
 */
class CliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    static Result cellar(String... args) {
        return cli.cellar(args);
    }

    @Test
    void aNotebookIsBuiltRunAndEditedFromTheShell() throws IOException {
        String nb = cli.dir().resolve("tour.py").toString();
        assertThat(cellar("new", nb).exit()).isZero();
        assertThat(cellar("new", nb)).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
            assertThat(r.err()).contains("already exists");
        });
        String a = cellar("cell", "add", nb, "x = 20").out().strip();
        String b = cellar("cell", "add", nb, "y = x * 2").out().strip();
        String c = cellar("cell", "add", nb, "--after", b, "print('y =', y)\ny + 2").out().strip();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z0-9]{6}"));

        Result run = cellar("run", nb);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("y = 40\n42\n");
        assertThat(run.err()).contains("3 cells: 3 ok");

        assertThat(cellar("cell", "edit", nb, a, "x = 50").exit()).isZero();
        Result rerun = cellar("cell", "run", nb, a);
        assertThat(rerun.exit()).isZero();
        assertThat(rerun.out()).isEqualTo("y = 100\n102\n");

        Result show = cellar("show", nb);
        assertThat(show.out()).contains("[0] " + a + "  python  ok  defs: x  refs: -", "│ 102");
        Result json = cellar("show", "--json", nb);
        assertThat(json.out()).contains("\"notebookId\"", "\"defs\" : [ \"y\" ]");

        assertThat(cellar("cell", "mv", nb, c, "0").exit()).isZero();
        assertThat(cellar("cell", "rm", nb, b).exit()).isZero();
        assertThat(Files.readString(Path.of(nb))).startsWith("# %% id=\"" + c + "\"\n").doesNotContain(b);
        Result stale = cellar("show", nb);
        assertThat(stale.out()).contains(c + "  python  stale");
    }

    @Test
    void aFailingCellMakesRunExitOneAndIsNamedOnStderr() {
        String nb = cli.dir().resolve("fail.py").toString();
        cellar("new", nb);
        String ok = cellar("cell", "add", nb, "n = 1").out().strip();
        String bad = cellar("cell", "add", nb, "m = n\nm / 0").out().strip();
        cellar("cell", "add", nb, "m + 1");
        Result r = cellar("run", nb);
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("cell " + bad + " failed at line 2: ZeroDivisionError", "1 blocked", "1 error", "1 ok")
                .doesNotContain(ok + " failed");
    }

    @Test
    void mistakesAreOneLineOnStderrWithTheRightExitCode() {
        String nb = cli.dir().resolve("mistakes.py").toString();
        cellar("new", nb);
        assertOneLine(cellar("show", cli.dir().resolve("missing.py").toString()), ExitCode.FAILED, "no notebook at");
        assertOneLine(cellar("cell", "rm", nb, "nosuch"), ExitCode.FAILED, "no cell nosuch");
        assertOneLine(cellar("cell", "edit", nb, "nosuch", "1"), ExitCode.FAILED, "no cell nosuch");
        // the test JVM writes to a pipe: on JDK 22+ System.console() exists there all the same
        assertOneLine(cellar("edit", nb), ExitCode.USAGE, "cellar edit needs a terminal");
        assertOneLine(cellar("cell", "add", nb, "--kind", "cobol", "x"), ExitCode.USAGE, "unknown cell kind");
        assertThat(cellar("cell", "add", nb).exit()).isEqualTo(ExitCode.USAGE);
        assertThat(cellar("frobnicate").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void confirmSaysWhenNothingWaitsAndNeverAsksForAnOrdinaryNotebook() {
        String nb = cli.dir().resolve("plain.py").toString();
        cellar("new", nb);
        Result r = cellar("confirm", nb);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("nothing waits for a confirmation in");
        assertThat(cellar("confirm", "--help").out()).contains("Usage: cellar confirm", "--yes", "direnv allow");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : List.of(new String[] {"--help"}, new String[] {"run", "--help"},
                new String[] {"cell", "add", "--help"}, new String[] {"daemon", "status", "--help"})) {
            Result r = cellar(cmd);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: cellar");
        }
    }

    @Test
    void daemonStatusShowsPidSocketAndOpenNotebooks() {
        cellar("new", cli.dir().resolve("status.py").toString());
        Result r = cellar("daemon", "status");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("pid      " + ProcessHandle.current().pid(), "socket   " + cli.socket(), "status.py");
    }

    private static void assertOneLine(Result r, int exit, String text) {
        assertThat(r.exit()).isEqualTo(exit);
        assertThat(r.err()).contains(text).doesNotContain("\tat ", "Exception");
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
