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

    /**
     * The daemon environment that makes {@code python=auto} choose this Python: the test JVM's
     * own (workers are given theirs from it, as a daemon's from its own) without Cellar's
     * settings from the developer's shell, and without HOME and XDG_STATE_HOME: which home's
     * secrets and trust records count is the test's (or TestDaemonParts.withTrustRecords') choice.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("CELLAR_") || k.equals("HOME") || k.equals("XDG_STATE_HOME"));
        env.put("CELLAR_PYTHON", this == GRAALPY ? "graalpy" : cpython().toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", ""));
        return Map.copyOf(env);
    }

    /**
     * The Python for tests where Python is not the point: CPython starts in tens of
     * milliseconds where GraalPy takes seconds; GraalPy only on a machine without CPython.
     */
    public static TestPython fastest() {
        return Files.isExecutable(cpython()) ? CPYTHON : GRAALPY;
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
