package dev.cellar.daemon.kernel;

import dev.cellar.daemon.execution.Secrets;
import dev.cellar.daemon.trust.InterpreterCheck;
import dev.cellar.daemon.trust.Trust;
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
 * Before that, a candidate that a confined cell could have planted (in or below a confined
 * notebook's folder) must be one a person confirmed ({@link Trust}); one that is not is never
 * executed, and the notebook gets an {@link Interpreter#unconfirmed} Python whose cells are refused.
 */
public final class Interpreters {
    private static final String PROBE = "import platform; print(platform.python_implementation(), platform.python_version())";

    private final Map<String, String> environment;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    /** The SHA-256 of each Python found where no confined cell could write, as it was then ({@link #recheck}). */
    private final Map<String, String> seenFree = new ConcurrentHashMap<>();
    private final Sandboxes sandboxes;
    private final Trust trust;
    private final InterpreterCatalog catalog;

    private record Probe(long modified, Interpreter result) {
    }

    public Interpreters(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.sandboxes = new Sandboxes(environment);
        this.trust = Trust.of(environment);
        this.catalog = new InterpreterCatalog(environment, trust);
    }

    /** The Pythons people may choose from ({@code kernel.interpreters}). */
    public InterpreterCatalog catalog() {
        return catalog;
    }

    /**
     * A person picked {@code python} (a {@code python=} value) for a notebook in {@code folder}:
     * what it is, asked even where a confined cell could have put it (the person's pick is what
     * lets it run; {@code kernel.use} then records it in the trust records). Only {@code auto}
     * and {@code graalpy} need no probe. Answers an {@link Interpreter} with {@code problem} set
     * when the path is not an executable file or not a working Python 3.9+.
     */
    public Interpreter examine(String python, Path folder) {
        if (python.equals("graalpy")) {
            return Interpreter.GRAALPY;
        }
        Path executable = expand(python, folder);
        String origin = "python=" + python;
        if (Files.isDirectory(executable)) {
            return Interpreter.unusable(origin + ": " + executable + " is a folder, not a Python (a venv's is "
                    + executable.resolve("bin/python") + ")");
        }
        if (!Files.isExecutable(executable)) {
            return Interpreter.unusable(origin + ": " + executable + (Files.exists(executable)
                    ? " is not an executable file" : " does not exist"));
        }
        Interpreter found = probe(executable);
        return found.problem() == null ? found : Interpreter.unusable(origin + ": " + found.problem());
    }

    /** The absolute path a {@code python=} path names, for a notebook in {@code folder}. */
    public static Path executable(String python, Path folder) {
        return expand(python, folder);
    }

    /** The trust records of this daemon's user: which interpreters and header settings a person confirmed. */
    public Trust trust() {
        return trust;
    }

    /** What will confine cells on {@code interpreter} for a notebook in {@code folder}, given its {@code sandbox=} setting. */
    public Confinement confinement(Interpreter interpreter, boolean sandboxOn, Path folder) {
        return sandboxes.choose(interpreter, sandboxOn, folder, NetAllowance.NONE);
    }

    /** The same, for a notebook whose {@code net=} lists the TCP endpoints {@code net} (as written). */
    public Confinement confinement(Interpreter interpreter, boolean sandboxOn, Path folder, java.util.List<String> net) {
        return sandboxes.choose(interpreter, sandboxOn, folder, NetAllowance.of(net));
    }

    /** The user's secrets as the daemon's environment names them: the deny list of cells, and of notebook files. */
    public Secrets secrets() {
        return Secrets.of(environment);
    }

    /** The daemon's {@code CELLAR_SQL_URL}: the database of notebooks that name none (null: the embedded DuckDB). */
    public String daemonSqlUrl() {
        return environment.get("CELLAR_SQL_URL");
    }

    /** What will confine cells on {@code interpreter}, given the notebook's {@code sandbox=} setting. */
    public Confinement confinement(Interpreter interpreter, boolean sandboxOn) {
        return sandboxes.choose(interpreter, sandboxOn, null, NetAllowance.NONE);
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
                Interpreter found = trusted(venv, "the .venv of " + dir);
                // an unconfirmed one is never silently replaced by another Python: the person decides
                if (found.unconfirmed() || found.problem() == null) {
                    return found;
                }
            }
        }
        Path onPath = onPath("python3");
        if (onPath != null) {
            Interpreter found = trusted(onPath, "python3 on the daemon's PATH");
            if (found.unconfirmed() || found.problem() == null) {
                return found;
            }
        }
        return Interpreter.GRAALPY;
    }

    private Interpreter explicit(Path executable, String origin) {
        if (!Files.isExecutable(executable)) {
            return Interpreter.unusable(origin + ": " + executable + " is not an executable file");
        }
        Interpreter found = trusted(executable, origin);
        if (found.unconfirmed()) {
            return found;
        }
        return found.problem() == null ? found : Interpreter.unusable(origin + ": " + found.problem());
    }

    /**
     * {@code interpreter} as it may start now. A kernel starts long after its Python was checked (a
     * restart, each fresh {@code cellar run}), and meanwhile a confined cell may have replaced a Python
     * in its reach: a {@code .venv/bin/python} link made an executable script (the mode open() is given
     * is no chmod), which would run unconfined. So it is checked again: it starts if a person confirmed
     * it as it is now, or it is the file it was when found where no confined cell could write (the
     * first session of a notebook whose folder became confined as it opened); else it is unconfirmed
     * and its cells are refused until a person confirms it.
     */
    public Interpreter recheck(Interpreter interpreter) {
        if (interpreter.embedded() || interpreter.executable() == null || interpreter.unconfirmed()) {
            return interpreter;
        }
        String origin = "the kernel's Python";
        InterpreterCheck check;
        try {
            check = trust.checkInterpreter(interpreter.executable());
        } catch (RuntimeException e) {
            return Interpreter.unusable(origin + ": cannot check " + interpreter.executable()
                    + " against the trust records: " + e.getMessage());
        }
        if (check instanceof InterpreterCheck.Unconfirmed u
                && !u.sha256().equals(seenFree.get(interpreter.executable().toAbsolutePath().normalize().toString()))) {
            return unconfirmed(u, origin);
        }
        return interpreter;
    }

    private static Interpreter unconfirmed(InterpreterCheck.Unconfirmed u, String origin) {
        return Interpreter.unconfirmed(u.path(), "the Python " + u.describe() + " (" + origin + ") lies in a "
                + "folder that a confined notebook's cells can write, so it could have been planted there; nothing "
                + "runs it until a person confirms it");
    }

    /** Probes {@code executable} only if it may run: not where a confined cell could have planted it unless confirmed. */
    private Interpreter trusted(Path executable, String origin) {
        InterpreterCheck check;
        try {
            check = trust.checkInterpreter(executable);
        } catch (RuntimeException e) {
            return Interpreter.unusable(origin + ": cannot check " + executable + " against the trust records: "
                    + e.getMessage());
        }
        if (check instanceof InterpreterCheck.Unconfirmed u) {
            return unconfirmed(u, origin);
        }
        if (check instanceof InterpreterCheck.Free) {
            try {
                seenFree.put(executable.toAbsolutePath().normalize().toString(), Trust.sha256(executable));
            } catch (RuntimeException e) {
                // unreadable: a later kernel start of it needs a person's confirmation if its folder becomes confined
            }
        }
        return probe(executable);
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
