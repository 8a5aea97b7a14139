package dev.cellar.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two Pythons kernel-facing tests run on: embedded GraalPy, and the machine's CPython
 * in a worker process ({@code /usr/bin/python3}, where CI installs numpy, pandas and
 * matplotlib; else {@code python3} on PATH).
 */
public enum TestPython {
    GRAALPY, CPYTHON;

    /** The daemon environment that makes {@code python=auto} choose this Python. */
    public Map<String, String> environment() {
        return Map.of("CELLAR_PYTHON", this == GRAALPY ? "graalpy" : cpython().toString(), "PATH",
                System.getenv().getOrDefault("PATH", ""));
    }

    public static Path cpython() {
        Path system = Path.of("/usr/bin/python3");
        if (Files.isExecutable(system)) {
            return system;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "python3");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return system;
    }

    /** Whether a Python module can be imported by the test CPython (tests that need numpy & co. skip honestly without). */
    public static boolean cpythonHas(String module) {
        try {
            Process p = new ProcessBuilder(cpython().toString(), "-c", "import " + module).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
