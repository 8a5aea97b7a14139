package dev.cellar.daemon.kernel;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of every Python Cellar starts, made from the daemon's: the one place that
 * says which variables a process running cell code (or asked about itself) gets.
 *
 * <p>A confined worker ({@code sandbox=on}), the analysis worker and the interpreter probes get
 * an <em>allow list</em>: what Python and the scientific libraries need to start and to behave
 * as the person set them up, and nothing that authenticates. A variable that is not here
 * (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, PGPASSWORD, HF_TOKEN, …) never reaches a confined
 * cell, whose outputs may go to a model provider. {@code # cellar: env=NAME,…} passes more
 * names to a confined worker (a person's choice, confirmed as a widening setting).
 *
 * <p>An unconfined worker has the person's rights anyway (as Jupyter does), so it gets the
 * daemon's environment less Cellar's own secrets ({@link #WITHHELD_PREFIXES}); those are
 * withheld from every worker, also when {@code env=} names them.
 */
public final class WorkerEnvironment {
    /**
     * Passed to a confined worker when the daemon has them. PATH, HOME, locale (LANG, LC_*),
     * TZ and TERM: how a program finds things and prints; TMPDIR and MPLCONFIGDIR are set to the
     * worker's private temp folder anyway; LD_LIBRARY_PATH, VIRTUAL_ENV, CONDA_PREFIX: how an
     * environment's native libraries load; SSL_CERT_FILE/DIR: certificates (readable files, no
     * secret); OMP_*, MKL_*, OPENBLAS_*: thread settings of numpy's BLAS; CUDA_*: GPU selection.
     * PYTHONPATH, PYTHONUSERBASE and PYTHONNOUSERSITE: the worker starts with {@code -I}, which
     * ignores them, and puts the path they describe back itself once confined (worker.py).
     */
    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "LANG", "TZ", "TERM", "TMPDIR", "MPLCONFIGDIR",
            "LD_LIBRARY_PATH", "VIRTUAL_ENV", "CONDA_PREFIX", "SSL_CERT_FILE", "SSL_CERT_DIR", "PYTHONPATH",
            "PYTHONUSERBASE", "PYTHONNOUSERSITE");
    private static final List<String> ALLOWED_PREFIXES = List.of("LC_", "OMP_", "MKL_", "OPENBLAS_", "CUDA_");
    /** The daemon's own secrets (the assistant's API keys, Cellar's settings): no worker gets them. */
    private static final List<String> WITHHELD_PREFIXES = List.of("OPENAI_", "CELLAR_", "ANTHROPIC_");

    private WorkerEnvironment() {
    }

    /** A confined worker's (and a probe's): the allow list, plus the names in {@code passed} ({@code env=}). */
    public static Map<String, String> confined(Map<String, String> daemon, Collection<String> passed) {
        Map<String, String> out = new HashMap<>();
        daemon.forEach((name, value) -> {
            if ((allowed(name) || passed.contains(name)) && !withheld(name)) {
                out.put(name, value);
            }
        });
        return out;
    }

    /** An unconfined worker's: the daemon's, less Cellar's own secrets. */
    public static Map<String, String> unconfined(Map<String, String> daemon) {
        Map<String, String> out = new HashMap<>(daemon);
        out.keySet().removeIf(WorkerEnvironment::withheld);
        return out;
    }

    /** Whether a confined worker gets {@code name} without {@code env=}. */
    public static boolean allowed(String name) {
        return ALLOWED.contains(name) || ALLOWED_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Whether {@code name} is one of the daemon's own secrets, which no worker gets. */
    public static boolean withheld(String name) {
        return WITHHELD_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
