package dev.cellar.daemon.kernel;

import dev.cellar.daemon.execution.Secrets;

/**
 * What confines a notebook's cell code, as people see it in {@code sandbox:}: {@code graalpy}
 * (embedded GraalPy, confined by its runtime), {@code landlock+seccomp} (a worker on the user's
 * Python confined by the Linux kernel), {@code off} (the user's full rights), or
 * {@code unavailable}: the notebook asks for a sandbox this machine cannot give, and its cells
 * do not run ({@code problem} says what is missing). {@code secrets} is the deny list;
 * {@code environment} is the daemon's, from which a worker's is made ({@link WorkerEnvironment}).
 * {@code net}: the TCP endpoints a confined worker may connect to ({@code net=}; none: no socket).
 */
public record Confinement(String name, String problem, Secrets secrets, java.util.Map<String, String> environment,
                          NetAllowance net) {
    public static final String OFF = "off";
    public static final String GRAALPY = "graalpy";
    public static final String LANDLOCK = "landlock+seccomp";
    public static final String UNAVAILABLE = "unavailable";

    public Confinement {
        environment = java.util.Map.copyOf(environment);
        net = net == null ? NetAllowance.NONE : net;
    }

    public Confinement(String name, String problem, Secrets secrets, java.util.Map<String, String> environment) {
        this(name, problem, secrets, environment, NetAllowance.NONE);
    }

    /** A sandboxed worker must confine itself with this mechanism before it runs anything; null: none asked. */
    public String workerMechanism() {
        return name.equals(LANDLOCK) ? LANDLOCK : null;
    }
}
