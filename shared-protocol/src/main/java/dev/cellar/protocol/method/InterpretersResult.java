package dev.cellar.protocol.method;

import java.util.List;
import java.util.Map;

/**
 * {@code kernel.interpreters}: the Pythons found for a notebook, in the order {@code python=auto}
 * looks (the {@code .venv}s in its folder and above, {@code CELLAR_PYTHON}, each {@code python3*}
 * on the daemon's PATH), then the embedded GraalPy. {@code current}: the header's {@code python=}
 * as the notebook runs with it.
 */
public record InterpretersResult(String current, List<Choice> interpreters) {
    public InterpretersResult {
        interpreters = interpreters == null ? List.of() : List.copyOf(interpreters);
    }

    /**
     * One Python. {@code python}: what {@code kernel.use} writes for it; {@code path} its
     * executable (null: the embedded GraalPy); {@code found} where it was found ({@code .venv of
     * /work/project}, {@code PATH}, {@code CELLAR_PYTHON}); {@code version} like {@code CPython
     * 3.11.2} (null: not asked); {@code packages} whether {@code numpy}, {@code pandas},
     * {@code matplotlib} import (empty: not asked); {@code notProbed} why it was not run (it lies
     * where a confined cell could have put it: it runs only once a person picks it);
     * {@code problem} why it cannot be used; {@code running} whether the notebook runs on it now.
     */
    public record Choice(String python, String path, String found, String version, Map<String, Boolean> packages,
                         String notProbed, String problem, boolean running) {
        public Choice {
            packages = packages == null ? Map.of() : Map.copyOf(packages);
        }

        /** {@code numpy ✓ pandas ✗ …} in a fixed order, or the reason it was not asked. */
        public String summary() {
            if (problem != null) {
                return problem;
            }
            if (notProbed != null) {
                return "not probed: " + notProbed;
            }
            StringBuilder out = new StringBuilder(version == null ? "" : version);
            for (String p : PACKAGES) {
                Boolean ok = packages.get(p);
                if (ok != null) {
                    out.append(out.isEmpty() ? "" : "  ").append(p).append(ok ? " yes" : " no");
                }
            }
            return out.toString();
        }
    }

    /** The packages a probe tries to import, in the order they are shown. */
    public static final List<String> PACKAGES = List.of("numpy", "pandas", "matplotlib");
}
