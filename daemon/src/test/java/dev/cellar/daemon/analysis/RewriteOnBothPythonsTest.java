package dev.cellar.daemon.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Interpreters;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * rewrite.py reaches both analysers (the CPython analysis worker's {@code rewrite} op, the
 * GraalPy context's module) and answers the same: its rules are test_rewrite.py's table.
 */
@ParameterizedClass
@EnumSource(TestPython.class)
class RewriteOnBothPythonsTest {
    @Parameter
    TestPython python;

    @Test
    void aNotebookWithRepeatedNamesIsRewrittenTheSameOnEachPython() {
        Interpreter interpreter = new Interpreters(python.environment()).resolve("auto", Path.of("/"));
        Rewritten r = TestDaemonParts.analyzers().forInterpreter(interpreter).rewrite(
                List.of("import numpy as np\nx = 1  # one\nprint(x)", "import numpy as np\nx = 2", "x += 1", "print(x)"),
                List.of(1, 2, 3, 4));
        assertThat(r.sources()).containsExactly("import numpy as np\n_x = 1  # one\nprint(_x)", "x = 2", "x_1 = x + 1",
                "print(x_1)");
        assertThat(r.changes()).containsExactly("removed duplicate import numpy as np in cell 2",
                "x \u2192 _x in cell 1 (used only there)", "x \u2192 x_1 in cells 3, 4");
        assertThat(r.problems()).isEmpty();
    }
}
