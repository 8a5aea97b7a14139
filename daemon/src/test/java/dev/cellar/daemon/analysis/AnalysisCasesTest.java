package dev.cellar.daemon.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Interpreters;
import java.nio.file.Path;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.cellar.protocol.model.CellKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The scoping rules of docs/ARCHITECTURE.md §4, one snippet per case, run through the real analyser
 * on both Pythons (embedded GraalPy, and the machine's CPython in a worker process): the
 * same defs and refs on both.
 */
@ParameterizedClass
@EnumSource(TestPython.class)
class AnalysisCasesTest {
    @Parameter
    TestPython python;

    record Case(String name, String code, List<String> defs, List<String> refs, boolean syntaxError) {
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheTable() throws IOException {
        List<Case> cases = load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        // analysed in one batch, as opening a notebook does
        Interpreter interpreter = new Interpreters(python.environment()).resolve("auto", Path.of("/"));
        assertThat(interpreter.embedded()).isEqualTo(python == TestPython.GRAALPY);
        List<Analysis> results = TestDaemonParts.analyzers().forInterpreter(interpreter).analyze(
                cases.stream().map(c -> new CellAnalyzer.Source(CellKind.PYTHON, c.code(), null)).toList());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Analysis a = results.get(cases.indexOf(c));
            if (c.syntaxError()) {
                assertThat(a.syntaxError()).as("syntax error").isNotNull();
            } else {
                assertThat(a.syntaxError()).as("syntax error").isNull();
                assertThat(a.defs()).as("defs").containsExactlyElementsOf(c.defs());
                assertThat(a.refs()).as("refs").containsExactlyElementsOf(c.refs());
            }
        }));
    }

    private static List<Case> load() throws IOException {
        String text;
        try (InputStream in = AnalysisCasesTest.class.getResourceAsStream("analysis-cases.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String name = null;
        List<String> code = new ArrayList<>();
        List<String> defs = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#!")) {
                continue;
            }
            if (line.startsWith("### ")) {
                name = line.substring(4).strip();
                code.clear();
                defs = null;
            } else if (line.startsWith("--- defs:")) {
                defs = names(line.substring("--- defs:".length()));
            } else if (line.startsWith("--- refs:")) {
                cases.add(new Case(name, String.join("\n", code), defs, names(line.substring("--- refs:".length())), false));
                name = null;
            } else if (line.equals("--- error")) {
                cases.add(new Case(name, String.join("\n", code), List.of(), List.of(), true));
                name = null;
            } else if (name != null && defs == null) {
                code.add(line);
            }
        }
        return cases;
    }

    private static List<String> names(String list) {
        return list.isBlank() ? List.of() : List.of(list.strip().split("\\s+"));
    }
}
