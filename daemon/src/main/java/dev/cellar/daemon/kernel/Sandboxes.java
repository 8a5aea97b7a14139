package dev.cellar.daemon.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which confinement a notebook's kernel gets. A worker on the user's Python with
 * {@code sandbox=on} confines itself with Landlock and seccomp (worker/sandbox.py); whether
 * this machine allows that is asked once per Python (its ctypes, the running kernel), and a
 * notebook that asks for a sandbox the machine cannot give gets {@link Confinement#UNAVAILABLE}:
 * its cells are refused, never run unconfined. {@code CELLAR_SANDBOX_DISABLE=landlock} makes a
 * mechanism count as missing (tests of the refusal path; machines where it misbehaves).
 */
final class Sandboxes {
    private static final String PROBE = "\nimport json\nprint(json.dumps(probe()))\n";

    private final Secrets secrets;
    private final Map<String, String> environment;
    private final Set<String> disabled;
    private final Map<String, List<String>> problemsByPython = new ConcurrentHashMap<>();

    Sandboxes(Map<String, String> environment) {
        this.secrets = Secrets.of(environment);
        this.environment = Map.copyOf(environment);
        this.disabled = Arrays.stream(environment.getOrDefault("CELLAR_SANDBOX_DISABLE", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    Confinement choose(Interpreter interpreter, boolean sandboxOn, java.nio.file.Path folder) {
        if (sandboxOn && folder != null && holdsHome(folder)) {
            return new Confinement(Confinement.UNAVAILABLE, "sandbox=on is refused for a notebook in "
                    + (isHome(folder) ? "your home folder itself (" + folder + ")"
                    : folder + ", which holds your home folder") + ": the sandbox lets cells write anywhere in the "
                    + "notebook's folder, which would be all of it. Cells do not run: move the notebook into a folder of "
                    + "its own.", secrets, environment);
        }
        if (interpreter.embedded()) {
            return new Confinement(Confinement.GRAALPY, null, secrets, environment);
        }
        if (!sandboxOn || interpreter.problem() != null) {
            return new Confinement(Confinement.OFF, null, secrets, environment);
        }
        List<String> missing = disabled.contains("landlock")
                ? List.of("Landlock is turned off here (CELLAR_SANDBOX_DISABLE=landlock)")
                : problemsByPython.computeIfAbsent(interpreter.executable().toString(), k -> ask(interpreter, environment));
        if (missing.isEmpty()) {
            return new Confinement(Confinement.LANDLOCK, null, secrets, environment);
        }
        return new Confinement(Confinement.UNAVAILABLE, "sandbox=on, but this machine cannot confine "
                + interpreter.describe() + ": " + String.join("; ", missing) + ". Cells do not run unconfined: set "
                + "'# cellar: sandbox=off' in the notebook's header to run them with your own rights.", secrets, environment);
    }

    /** Whether the notebook folder is the home folder or holds it (confining there would give cells all of it). */
    private boolean holdsHome(java.nio.file.Path folder) {
        java.nio.file.Path f = folder.toAbsolutePath().normalize();
        return homes().stream().anyMatch(h -> h.startsWith(f));
    }

    private boolean isHome(java.nio.file.Path folder) {
        java.nio.file.Path f = folder.toAbsolutePath().normalize();
        return homes().stream().anyMatch(h -> h.equals(f));
    }

    /** {@code HOME} as written and as resolved (it may be a link). */
    private List<java.nio.file.Path> homes() {
        try {
            return List.of(secrets.home(), secrets.home().toRealPath());
        } catch (IOException e) {
            return List.of(secrets.home());
        }
    }

    /** What stops {@code sandbox.py} from confining a worker on this Python; empty: nothing. */
    private static List<String> ask(Interpreter interpreter, Map<String, String> environment) {
        String script = Resources.text(Sandboxes.class, "/dev/cellar/daemon/kernel/worker/sandbox.py") + PROBE;
        try {
            PythonQuestion q = PythonQuestion.ask(interpreter.executable(), script, environment);
            if (!q.answered()) {
                return List.of(interpreter.executable() + " did not answer within 20 s");
            }
            String out = q.output();
            if (q.exitCode() != 0) {
                return List.of("asking " + interpreter.executable() + " failed: " + lastLine(out));
            }
            JsonNode found = Json.MAPPER.readTree(lastLine(out));
            List<String> problems = new ArrayList<>();
            found.path("problems").forEach(n -> problems.add(n.asText()));
            if (problems.isEmpty() && (found.path("landlock").asInt() <= 0 || !found.path("seccomp").asBoolean())) {
                problems.add("Landlock and seccomp are both needed");
            }
            return List.copyOf(problems);
        } catch (IOException | RuntimeException e) {
            return List.of("cannot ask " + interpreter.executable() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while asking " + interpreter.executable());
        }
    }

    private static String lastLine(String text) {
        int nl = text.lastIndexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1);
    }
}
