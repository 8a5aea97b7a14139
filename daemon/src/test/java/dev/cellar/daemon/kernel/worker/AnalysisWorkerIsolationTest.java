package dev.cellar.daemon.kernel.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Interpreters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, route 1: the analysis worker (unconfined, the daemon's user) used to start in the
 * JVM's temp folder, where any local user may leave a json.py; it starts isolated in / now.
 */
class AnalysisWorkerIsolationTest {
    @TempDir
    Path tmp;

    @Test
    void modulesLeftInTheJvmsTempFolderNeverRunInTheAnalysisWorker() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path marker = tmp.resolve("ran");
        for (String name : List.of("json", "struct", "types", "ast", "sitecustomize")) {
            Files.writeString(tmp.resolve(name + ".py"), "open(%s, 'a').write('%s ')\n".formatted(
                    "'" + marker + "'", name));
        }
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", tmp);
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try (AnalysisWorker worker = new AnalysisWorker(python)) {
            assertThat(worker.analyze(List.of("y = x + 1")).get(0).toString()).contains("\"y\"").contains("\"x\"");
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
        assertThat(marker).doesNotExist();
    }
}
