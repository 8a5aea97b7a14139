package dev.cellar.daemon.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.trust.InterpreterCheck;
import dev.cellar.daemon.trust.Trust;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.method.InterpretersResult;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The Pythons a notebook could run on ({@code kernel.interpreters}), for people choosing one:
 * the {@code .venv}s in the notebook's folder and its parents, {@code CELLAR_PYTHON}, each
 * {@code python3}/{@code python3.N} on the daemon's PATH, and the embedded GraalPy.
 *
 * <p>Asking a Python about itself runs it, so the doors issue's rule applies: one that lies
 * inside the notebook's folder (a {@code .venv} there), or in any folder a confined cell could
 * write ({@link Trust#reachable}), is listed but not run until a person picks it
 * ({@code kernel.use} records that pick in the trust records). The others are asked in
 * parallel, isolated as every Python Cellar starts ({@link PythonQuestion}: {@code -I -S} in
 * {@code /} with the allow-listed environment; the script then loads site-packages as an
 * unconfined worker does), each within {@link #TIMEOUT}. Answers are kept by path, the
 * executable's mtime and the mtimes of its package folders, so installing pandas shows.
 */
public final class InterpreterCatalog {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern PYTHON3 = Pattern.compile("python3(\\.\\d+)?");
    /** Loads site-packages as the worker does (worker.py _restore_path), then tries each package. */
    private static final String PROBE = String.join("\n",
            "import json, os, platform, site, sys",
            "sys.executable = sys.argv[1]", // started as the file it resolves to (PythonQuestion): site.main() finds the venv here
            "site.ENABLE_USER_SITE = os.getuid() == os.geteuid()",
            "site.main()",
            "found = {}",
            "for name in ('numpy', 'pandas', 'matplotlib'):",
            "    try:",
            "        __import__(name)",
            "        found[name] = True",
            "    except Exception:",
            "        found[name] = False",
            "dirs = [p for p in sys.path if os.path.isdir(p) and p.endswith(('site-packages', 'dist-packages'))]",
            "print(json.dumps({'implementation': platform.python_implementation(),",
            "                  'version': platform.python_version(), 'packages': found, 'dirs': dirs}))");

    private final Map<String, String> environment;
    private final Trust trust;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final ExecutorService probes = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "interpreter-probe");
        t.setDaemon(true);
        return t;
    });

    /** A probe's answer and what it depends on: the executable's and its package folders' mtimes. */
    private record Known(long modified, Map<String, Long> dirs, Answer answer) {
    }

    private record Answer(String version, Map<String, Boolean> packages, String problem) {
    }

    /** One candidate before probing: the value {@code python=} takes for it, its path, where it was found. */
    record Candidate(String python, Path path, String found) {
    }

    InterpreterCatalog(Map<String, String> environment, Trust trust) {
        this.environment = Map.copyOf(environment);
        this.trust = trust;
    }

    /** The Pythons for a notebook in {@code folder}; {@code running}: the executable it runs on now (null: GraalPy or none). */
    public List<InterpretersResult.Choice> list(Path folder, Path running, boolean runningEmbedded) {
        Path nbFolder = folder.toAbsolutePath().normalize();
        List<Candidate> candidates = candidates(nbFolder);
        List<CompletableFuture<InterpretersResult.Choice>> answers = new ArrayList<>();
        for (Candidate c : candidates) {
            boolean isRunning = running != null && c.path().equals(running.toAbsolutePath().normalize());
            String reason = notProbed(c.path(), nbFolder);
            if (reason != null) {
                answers.add(CompletableFuture.completedFuture(new InterpretersResult.Choice(c.python(),
                        c.path().toString(), c.found(), null, Map.of(), reason, null, isRunning)));
                continue;
            }
            answers.add(CompletableFuture.supplyAsync(() -> {
                Answer a = probe(c.path());
                return new InterpretersResult.Choice(c.python(), c.path().toString(), c.found(), a.version(),
                        a.packages(), null, a.problem(), isRunning);
            }, probes));
        }
        List<InterpretersResult.Choice> out = new ArrayList<>(answers.stream().map(CompletableFuture::join).toList());
        out.add(new InterpretersResult.Choice("graalpy", null, "embedded in Cellar", "GraalPy (embedded)", Map.of(),
                null, null, runningEmbedded));
        return out;
    }

    /**
     * Why {@code executable} must not be run to list it (null: it may): it lies in the notebook's
     * folder or where a confined cell could write, and no person confirmed it as it is now.
     */
    String notProbed(Path executable, Path notebookFolder) {
        Path path = executable.toAbsolutePath().normalize();
        boolean inFolder = path.startsWith(notebookFolder) || realPath(path).startsWith(notebookFolder);
        InterpreterCheck check;
        try {
            check = trust.checkInterpreter(path);
        } catch (RuntimeException e) {
            return "cannot check it against the trust records (" + e.getMessage() + ")";
        }
        if (check instanceof InterpreterCheck.Confirmed) {
            // the probe imports its packages unconfined (site.main(), .pth files, numpy): a confined cell could
            // have written them; the Python itself runs, confined, once picked
            return "where a confined cell could have written its packages; it runs, confined, once you pick it";
        }
        if (check instanceof InterpreterCheck.Unconfirmed) {
            return "where a confined cell could have put it; it runs once you pick it";
        }
        if (inFolder && !trust.confirmedAsItIs(path)) {
            return "in the notebook's folder; it runs once you pick it";
        }
        return null;
    }

    /** In the order {@code python=auto} looks, each path once. */
    List<Candidate> candidates(Path folder) {
        List<Candidate> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path dir = folder; dir != null; dir = dir.getParent()) {
            Path venv = dir.resolve(".venv/bin/python");
            if (Files.isExecutable(venv) && seen.add(venv)) {
                out.add(new Candidate(folder.relativize(venv).toString(), venv, "the .venv of " + dir));
            }
        }
        String fromEnvironment = environment.get("CELLAR_PYTHON");
        if (fromEnvironment != null && !fromEnvironment.isBlank() && !fromEnvironment.equals("graalpy")) {
            Path p = folder.resolve(fromEnvironment.startsWith("~/") ? System.getProperty("user.home")
                    + fromEnvironment.substring(1) : fromEnvironment).normalize();
            if (Files.isExecutable(p) && seen.add(p)) {
                out.add(new Candidate(p.toString(), p, "CELLAR_PYTHON"));
            }
        }
        Set<Path> real = new HashSet<>();
        for (String dir : environment.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty() || !Files.isDirectory(Path.of(dir))) {
                continue;
            }
            List<Path> names = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(dir))) {
                for (Path f : files) {
                    if (PYTHON3.matcher(f.getFileName().toString()).matches() && Files.isExecutable(f)) {
                        names.add(f);
                    }
                }
            } catch (IOException | RuntimeException e) {
                continue; // an unreadable PATH entry has nothing to offer
            }
            names.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
            for (Path f : names) {
                Path abs = f.toAbsolutePath().normalize();
                // python3 and python3.11 are often one file: listed once, by the first name PATH gives
                if (seen.add(abs) && real.add(realPath(abs))) {
                    out.add(new Candidate(abs.toString(), abs, "PATH"));
                }
            }
        }
        return out;
    }

    /** Asks {@code executable} what it is and which packages import; kept until it or its package folders change. */
    private Answer probe(Path executable) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(executable).toMillis();
        } catch (IOException e) {
            return new Answer(null, Map.of(), executable + ": " + e.getMessage());
        }
        Known k = known.get(executable.toString());
        if (k != null && k.modified() == modified && k.dirs().equals(mtimes(k.dirs().keySet()))) {
            return k.answer();
        }
        Map<String, Long> dirs = new LinkedHashMap<>();
        Answer answer = ask(executable, dirs);
        known.put(executable.toString(), new Known(modified, mtimes(dirs.keySet()), answer));
        return answer;
    }

    private Answer ask(Path executable, Map<String, Long> dirs) {
        try {
            PythonQuestion q = PythonQuestion.ask(executable, PROBE, environment, TIMEOUT);
            if (!q.answered()) {
                return new Answer(null, Map.of(), "did not answer within " + TIMEOUT.toSeconds() + " s");
            }
            String out = q.output();
            String last = out.substring(out.lastIndexOf('\n') + 1);
            if (q.exitCode() != 0 || !last.startsWith("{")) {
                String first = out.isEmpty() ? "exit " + q.exitCode() : out.lines().findFirst().orElse("");
                return new Answer(null, Map.of(), "not a working Python 3.9+ (" + first + ")");
            }
            JsonNode n = Json.MAPPER.readTree(last);
            Map<String, Boolean> packages = new LinkedHashMap<>();
            n.path("packages").properties().forEach(e -> packages.put(e.getKey(), e.getValue().asBoolean()));
            n.path("dirs").forEach(d -> dirs.put(d.asText(), 0L));
            String version = n.path("implementation").asText() + " " + n.path("version").asText();
            String[] numbers = n.path("version").asText().split("\\.");
            if (numbers.length < 2 || Integer.parseInt(numbers[0]) < 3
                    || Integer.parseInt(numbers[0]) == 3 && Integer.parseInt(numbers[1]) < 9) {
                return new Answer(version, packages, "is Python " + n.path("version").asText() + "; Cellar needs 3.9 or newer");
            }
            return new Answer(version, packages, null);
        } catch (IOException | RuntimeException e) {
            return new Answer(null, Map.of(), "cannot be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, Map.of(), "interrupted while asking it");
        }
    }

    private static Map<String, Long> mtimes(Set<String> dirs) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String d : dirs) {
            try {
                out.put(d, Files.getLastModifiedTime(Path.of(d)).toMillis());
            } catch (IOException e) {
                out.put(d, -1L);
            }
        }
        return out;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
