package dev.cellar.daemon.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A short script run on a Python, and what it printed: how the daemon asks an interpreter
 * about itself (its version, whether it can confine a worker). {@code answered} false: it
 * did not finish within 20 s and was killed.
 */
record PythonQuestion(boolean answered, int exitCode, String output) {

    static PythonQuestion ask(Path executable, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable.toString(), "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new PythonQuestion(false, -1, "");
        }
        return new PythonQuestion(true, p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }
}
