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
 * mechanism count as missing (tests of the refusal path; machines where it misbehaves);
 * {@code CELLAR_SANDBOX_DISABLE=net} does the same for what {@code net=} needs (seccomp user
 * notification, pidfd_getfd). A notebook with {@code net=} that this machine, or its Python,
 * cannot hold to exactly those endpoints gets {@link Confinement#UNAVAILABLE} too.
 */
final class Sandboxes {
    private static final String PROBE = "\nimport json\nprint(json.dumps(probe()))\n";

    private final Secrets secrets;
    private final Map<String, String> environment;
    private final Set<String> disabled;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    /** What stops sandbox.py on one Python: confining at all, and holding a worker to net= endpoints. */
    private record Probe(List<String> problems, List<String> netProblems) {
    }

    Sandboxes(Map<String, String> environment) {
        this.secrets = Secrets.of(environment);
        this.environment = Map.copyOf(environment);
        this.disabled = Arrays.stream(environment.getOrDefault("CELLAR_SANDBOX_DISABLE", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    Confinement choose(Interpreter interpreter, boolean sandboxOn, java.nio.file.Path folder, NetAllowance net) {
        if (sandboxOn && folder != null && holdsHome(folder)) {
            return new Confinement(Confinement.UNAVAILABLE, "sandbox=on is refused for a notebook in "
                    + (isHome(folder) ? "your home folder itself (" + folder + ")"
                    : folder + ", which holds your home folder") + ": the sandbox lets cells write anywhere in the "
                    + "notebook's folder, which would be all of it. Cells do not run: move the notebook into a folder of "
                    + "its own.", secrets, environment, net);
        }
        if (interpreter.embedded()) {
            // GraalPy's cells have no sockets at all: net= would be a promise it does not keep
            return net.isEmpty() ? new Confinement(Confinement.GRAALPY, null, secrets, environment)
                    : new Confinement(Confinement.UNAVAILABLE, "net= lets confined cells on your own Python (CPython with "
                    + "sandbox=on) reach those TCP endpoints; embedded GraalPy has no network at all, so cells do not run. "
                    + "Pick a CPython (cellar kernel use) or remove net= from the notebook's header.", secrets, environment, net);
        }
        if (!sandboxOn || interpreter.problem() != null) {
            return new Confinement(Confinement.OFF, null, secrets, environment, net);
        }
        Probe found = disabled.contains("landlock")
                ? new Probe(List.of("Landlock is turned off here (CELLAR_SANDBOX_DISABLE=landlock)"), List.of())
                : probes.computeIfAbsent(interpreter.executable().toString(), k -> ask(interpreter, environment));
        List<String> missing = found.problems();
        if (missing.isEmpty() && !net.isEmpty()) {
            List<String> netMissing = disabled.contains("net")
                    ? List.of("what net= needs is turned off here (CELLAR_SANDBOX_DISABLE=net)") : found.netProblems();
            if (!netMissing.isEmpty()) {
                return new Confinement(Confinement.UNAVAILABLE, "sandbox=on net=" + String.join(",", net.describe())
                        + ", but this machine cannot hold " + interpreter.describe() + " to those endpoints: "
                        + String.join("; ", netMissing) + ". Cells do not run: remove net= to run them with no network, or"
                        + " set '# cellar: sandbox=off' to run them with your own rights.", secrets, environment, net);
            }
        }
        if (missing.isEmpty()) {
            return new Confinement(Confinement.LANDLOCK, null, secrets, environment, net);
        }
        return new Confinement(Confinement.UNAVAILABLE, "sandbox=on, but this machine cannot confine "
                + interpreter.describe() + ": " + String.join("; ", missing) + ". Cells do not run unconfined: set "
                + "'# cellar: sandbox=off' in the notebook's header to run them with your own rights.", secrets,
                environment, net);
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

    /** What stops {@code sandbox.py} from confining a worker on this Python; empty lists: nothing. */
    private static Probe ask(Interpreter interpreter, Map<String, String> environment) {
        String script = Resources.text(Sandboxes.class, "/dev/cellar/daemon/kernel/worker/sandbox.py") + PROBE;
        try {
            PythonQuestion q = PythonQuestion.ask(interpreter.executable(), script, environment);
            if (!q.answered()) {
                return failed(interpreter.executable() + " did not answer within 20 s");
            }
            String out = q.output();
            if (q.exitCode() != 0) {
                return failed("asking " + interpreter.executable() + " failed: " + lastLine(out));
            }
            JsonNode found = Json.MAPPER.readTree(lastLine(out));
            List<String> problems = new ArrayList<>();
            found.path("problems").forEach(n -> problems.add(n.asText()));
            if (problems.isEmpty() && (found.path("landlock").asInt() <= 0 || !found.path("seccomp").asBoolean())) {
                problems.add("Landlock and seccomp are both needed");
            }
            List<String> netProblems = new ArrayList<>();
            found.path("netProblems").forEach(n -> netProblems.add(n.asText()));
            if (!found.has("netProblems")) {
                netProblems.add("the probe did not say whether net= can be enforced");
            }
            return new Probe(List.copyOf(problems), List.copyOf(netProblems));
        } catch (IOException | RuntimeException e) {
            return failed("cannot ask " + interpreter.executable() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted while asking " + interpreter.executable());
        }
    }

    private static Probe failed(String why) {
        return new Probe(List.of(why), List.of(why));
    }

    private static String lastLine(String text) {
        int nl = text.lastIndexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1);
    }
}
