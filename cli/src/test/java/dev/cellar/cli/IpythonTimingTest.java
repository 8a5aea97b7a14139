package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %time}, {@code %%time}, {@code %timeit} and {@code %%timeit} become Python that prints
 * IPython's lines and keeps IPython's value rules; each converted cell is run by a real Python
 * the way a kernel runs a cell (a last expression statement is the value).
 */
class IpythonTimingTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** What IPython's lines look like once durations are left out. */
    private static final String TIMES = "CPU times: user D, sys: D, total: D\nWall time: D\n";

    @TempDir
    Path dir;

    @Test
    void aTimedCellRunsItsCodeWhereItStandsAndShowsItsLastValueAfterTheTimes() throws Exception {
        String out = run("%%time\ny = 20\ny + 22", "print('y' in dir())");
        assertThat(out).isEqualTo(TIMES + "value: 42\nTrue\n");
    }

    @Test
    void aTrailingSemicolonACompoundEndOrAnAssignmentShowsNoValue() throws Exception {
        assertThat(run("%%time\nlen('abc');")).isEqualTo(TIMES);
        assertThat(run("%%time\nfor k in range(2):\n    k")).isEqualTo(TIMES);
        assertThat(run("%%time\nx = (1,\n     2)")).isEqualTo(TIMES);
        assertThat(run("%%time\nbits = 1\nbits <<= 3")).isEqualTo(TIMES);
        assertThat(run("%%time\n1 <= 2")).isEqualTo(TIMES + "value: True\n");
    }

    @Test
    void aTimedCellEndingInABareAnnotationShowsNoValueAndRuns() throws Exception {
        // `x: int` is a statement: it was taken for the value (`_value = x: int`), a SyntaxError
        assertThat(run("%%time\nx: int", "print('x' in dir())")).isEqualTo(TIMES + "False\n");
        assertThat(run("%%time\ny = 2\ny: int", "y")).isEqualTo(TIMES + "value: 2\n");
        assertThat(run("%%time\nz: dict[str, int]  # counts")).isEqualTo(TIMES);
        assertThat(run("%time w: int")).isEqualTo(TIMES);
        // a lambda's colon stays an expression's
        assertThat(run("%%time\n(lambda v: v + 1)(41)")).isEqualTo(TIMES + "value: 42\n");
        assertThat(run("%%time\nlambda k: lambda: k")).startsWith(TIMES + "value: <function <lambda> at 0x");
    }

    @Test
    void theValueMayBeAMultiLineExpressionOrFollowASemicolon() throws Exception {
        assertThat(run("%%time\n(1 +\n 2)  # three")).isEqualTo(TIMES + "value: 3\n");
        assertThat(run("%%time\na = 4; a * 2")).isEqualTo(TIMES + "value: 8\n");
        assertThat(run("%%time\ns = '''#\n;'''\ns")).isEqualTo(TIMES + "value: '#\\n;'\n");
    }

    @Test
    void aTimedLineKeepsItsValueOnlyAtTheEndOfTheCell() throws Exception {
        assertThat(run("%time squares = [k * k for k in range(10)]\nlen(squares)")).isEqualTo(TIMES + "value: 10\n");
        assertThat(run("%time 6 * 7")).isEqualTo(TIMES + "value: 42\n");
        assertThat(run("if True:\n    %time 6 * 7\nprint('after')")).isEqualTo(TIMES + "after\n");
    }

    @Test
    void timeitRunsTheCodeInAFunctionOfItsOwnABoundedNumberOfTimesAndShowsNoValue() throws Exception {
        String out = run("%%timeit -n 2 -r 3 counter = []\ncounter.append(1)\nz = len(counter)\nz",
                "print('z' in dir(), 'counter' in dir())");
        assertThat(out).isEqualTo("D ± D per loop (mean ± std. dev. of 3 runs, 2 loops each)\nFalse False\n");
        assertThat(run("%timeit sum(range(10))")).isEqualTo("D ± D per loop (mean ± std. dev. of 7 runs, 1 loop each)\n");
        assertThat(run("%timeit -q 1 + 1")).isEmpty();
    }

    @Test
    void timeitStopsRepeatingOnceItsBudgetIsSpent() throws Exception {
        long started = System.nanoTime();
        String out = run("import time\n%timeit -r 100 time.sleep(0.3)");
        assertThat(out).matches("D ± D per loop \\(mean ± std. dev. of [4-5] runs, 1 loop each\\)\n");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
    }

    @Test
    void aTimedCellKeepsItsStringsAndMakesItsOwnMagicsPython() throws Exception {
        IpythonMagics.Cleaned c = IpythonMagics.commentOut("%%timeit\ndoc = '''\nline\n  two'''\n%matplotlib inline");
        assertThat(c.code()).contains("        doc = '''\nline\n  two'''\n", "# cellar: removed %matplotlib inline");
        assertThat(c.converted()).containsExactly("%%timeit");
        assertThat(c.removed()).containsExactly("%matplotlib inline");
        assertThat(run("%%timeit\n%matplotlib inline")).startsWith("D ± D per loop");
    }

    /** Each cell converted, then run as a kernel runs it; durations become D, a value is printed as {@code value: repr}. */
    private String run(String... cells) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
        StringBuilder script = new StringBuilder("import ast\nns = {}\n");
        for (String cell : cells) {
            String code = IpythonMagics.commentOut(cell).code();
            script.append("tree = ast.parse(").append(pyString(code)).append(")\n")
                    .append("last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None\n")
                    .append("exec(compile(tree, 'cell', 'exec'), ns)\n")
                    .append("if last is not None:\n")
                    .append("    v = eval(compile(ast.Expression(last.value), 'cell', 'eval'), ns)\n")
                    .append("    if v is not None: print('value:', repr(v))\n");
        }
        Path file = Files.writeString(dir.resolve("cells.py"), script, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(PYTHON, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.replaceAll("\\d+(?:\\.\\d+)?(?:e[+-]\\d+)? (?:ns|µs|ms|s)\\b", "D");
    }

    private static String pyString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
