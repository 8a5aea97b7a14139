package dev.cellar.daemon.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the Python a notebook runs on from its {@code python=} setting. {@code auto}: the
 * {@code CELLAR_PYTHON} variable (a path, or {@code graalpy}); else a {@code .venv} in the
 * notebook's folder or the nearest parent that has one (uv, poetry and {@code python -m venv}
 * all make one); else {@code python3} on the daemon's PATH; else the embedded GraalPy.
 * Each candidate is asked for its version once (a few ms) and must be Python 3.9 or newer.
 */
public final class Interpreters {
    private static final String PROBE = "import platform; print(platform.python_implementation(), platform.python_version())";

    private final Map<String, String> environment;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final Sandboxes sandboxes;

    private record Probe(long modified, Interpreter result) {
    }

    public Interpreters(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.sandboxes = new Sandboxes(environment);
    }

    /** What will confine cells on {@code interpreter}, given the notebook's {@code sandbox=} setting. */
    public Confinement confinement(Interpreter interpreter, boolean sandboxOn) {
        return sandboxes.choose(interpreter, sandboxOn);
    }

    public Interpreter resolve(String setting, Path notebookFolder) {
        String choice = setting == null || setting.isBlank() ? "auto" : setting.strip();
        if (choice.equals("graalpy")) {
            return Interpreter.GRAALPY;
        }
        if (!choice.equals("auto")) {
            return explicit(expand(choice, notebookFolder), "python=" + choice);
        }
        String fromEnvironment = environment.get("CELLAR_PYTHON");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.equals("graalpy") ? Interpreter.GRAALPY
                    : explicit(expand(fromEnvironment, notebookFolder), "CELLAR_PYTHON=" + fromEnvironment);
        }
        for (Path dir = notebookFolder.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path venv = dir.resolve(".venv/bin/python");
            if (Files.isExecutable(venv)) {
                Interpreter found = probe(venv);
                if (found.problem() == null) {
                    return found;
                }
            }
        }
        Path onPath = onPath("python3");
        if (onPath != null) {
            Interpreter found = probe(onPath);
            if (found.problem() == null) {
                return found;
            }
        }
        return Interpreter.GRAALPY;
    }

    private Interpreter explicit(Path executable, String origin) {
        if (!Files.isExecutable(executable)) {
            return Interpreter.unusable(origin + ": " + executable + " is not an executable file");
        }
        Interpreter found = probe(executable);
        return found.problem() == null ? found : Interpreter.unusable(origin + ": " + found.problem());
    }

    private static Path expand(String path, Path folder) {
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return folder.resolve(path).normalize();
    }

    private Path onPath(String name) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Asks the executable what it is; cached until the file changes (a venv rebuilt). */
    Interpreter probe(Path executable) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(executable).toMillis();
        } catch (IOException e) {
            return Interpreter.unusable(executable + ": " + e.getMessage());
        }
        Probe known = probes.get(executable.toString());
        if (known != null && known.modified() == modified) {
            return known.result();
        }
        Interpreter result = ask(executable, environment);
        probes.put(executable.toString(), new Probe(modified, result));
        return result;
    }

    private static Interpreter ask(Path executable, Map<String, String> environment) {
        try {
            PythonQuestion q = PythonQuestion.ask(executable, PROBE, environment);
            if (!q.answered()) {
                return Interpreter.unusable(executable + " did not answer within 20 s");
            }
            String out = q.output();
            String[] parts = out.split("\\s+");
            if (q.exitCode() != 0 && out.startsWith("Unknown option: -I")) { // asked isolated: Python 2 has no -I
                return Interpreter.unusable(executable + " is older than Python 3.4; Cellar needs 3.9 or newer");
            }
            if (q.exitCode() != 0 || parts.length != 2) {
                return Interpreter.unusable(executable + " is not a working Python (" + firstLine(out) + ")");
            }
            String[] numbers = parts[1].split("\\.");
            int major = Integer.parseInt(numbers[0]);
            int minor = Integer.parseInt(numbers[1]);
            if (major < 3 || major == 3 && minor < 9) {
                return Interpreter.unusable(executable + " is Python " + parts[1] + "; Cellar needs 3.9 or newer");
            }
            return new Interpreter(Interpreter.Kind.USER, executable, parts[0], parts[1], null);
        } catch (IOException | RuntimeException e) {
            return Interpreter.unusable(executable + " cannot be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Interpreter.unusable("interrupted while asking " + executable + " for its version");
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
