package dev.cellar.daemon.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A short script run on a Python, and what it printed: how the daemon asks an interpreter
 * about itself (its version, whether it can confine a worker). {@code answered} false: it
 * did not finish in time (20 s unless asked otherwise) and was killed.
 *
 * <p>The script runs isolated, as every Python Cellar starts: {@code -I -S} (no working
 * directory or script folder on {@code sys.path}, no {@code PYTHON*} variables, no user or
 * system site-packages, so no {@code .pth} file or {@code sitecustomize} runs), in {@code /}
 * (a folder no other user can write), with the allow-listed environment
 * ({@link WorkerEnvironment#confined}). A {@code json.py} left in the notebook's folder or in
 * {@code /tmp} is never imported by it, nor a standard library a rewritten {@code pyvenv.cfg} names:
 * it starts as the file the executable resolves to ({@link Interpreter#startedAs}), with the path
 * as named in {@code sys.argv[1]}.
 */
record PythonQuestion(boolean answered, int exitCode, String output) {
    /** The options every Python Cellar starts gets first (see {@code WorkerLaunch} for the worker's). */
    static final List<String> ISOLATED = List.of("-I", "-S");

    static PythonQuestion ask(Path executable, String script, Map<String, String> daemonEnvironment)
            throws IOException, InterruptedException {
        return ask(executable, script, daemonEnvironment, java.time.Duration.ofSeconds(20));
    }

    /** The same, killed after {@code timeout}. */
    static PythonQuestion ask(Path executable, String script, Map<String, String> daemonEnvironment,
                              java.time.Duration timeout) throws IOException, InterruptedException {
        // started as the file it resolves to (Interpreter.startedAs: no venv's pyvenv.cfg read unconfined);
        // the path as named is sys.argv[1], for a script that puts the venv back (site.main() reads it then)
        ProcessBuilder pb = new ProcessBuilder(Interpreter.startable(executable).toString(), ISOLATED.get(0),
                ISOLATED.get(1), "-c", script, executable.toAbsolutePath().toString())
                .directory(Path.of("/").toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(WorkerEnvironment.confined(daemonEnvironment, List.of()));
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new PythonQuestion(false, -1, "");
        }
        return new PythonQuestion(true, p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }
}
