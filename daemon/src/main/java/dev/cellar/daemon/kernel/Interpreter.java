package dev.cellar.daemon.kernel;

import java.nio.file.Path;

/**
 * The Python a notebook runs on: the user's own (CPython, or another implementation of
 * Python 3.9+) at {@code executable}, or the embedded GraalPy. {@code problem} is set when
 * the notebook's setting names a Python that cannot be used: its cells then fail with it.
 */
public record Interpreter(Kind kind, Path executable, String implementation, String version, String problem) {

    public enum Kind { USER, GRAALPY }

    public static final Interpreter GRAALPY = new Interpreter(Kind.GRAALPY, null, "GraalPy", "embedded", null);

    public static Interpreter unusable(String problem) {
        return new Interpreter(Kind.USER, null, "none", "", problem);
    }

    /**
     * A Python found where a confined cell could have planted it, that no person confirmed:
     * never executed (no probe, no worker, no analyser); its cells are refused with {@code problem}.
     */
    public static Interpreter unconfirmed(Path executable, String problem) {
        return new Interpreter(Kind.USER, executable, UNCONFIRMED, "", problem);
    }

    private static final String UNCONFIRMED = "unconfirmed";

    /** Whether this Python waits for a person's confirmation ({@code cellar confirm}). */
    public boolean unconfirmed() {
        return UNCONFIRMED.equals(implementation) && problem != null;
    }

    /**
     * The file to execute for a run that is not confined yet (a probe; a confined worker before it
     * confines itself): what {@code executable} resolves to, so that a venv's {@code pyvenv.cfg},
     * which a Python reads beside the path it was started as, is not read (a confined cell may have
     * rewritten it: its {@code home =} picks the standard library, whose {@code encodings} runs
     * first). The resolved file lies where the person's Python is (a venv links to it); a venv's own
     * copy is what its trust check hashed. {@code executable} when it cannot be resolved.
     */
    public Path startedAs() {
        return startable(executable);
    }

    /** {@link #startedAs()} for a path. */
    public static Path startable(Path executable) {
        try {
            return executable.toRealPath();
        } catch (java.io.IOException | RuntimeException e) {
            return executable;
        }
    }

    public boolean embedded() {
        return kind == Kind.GRAALPY;
    }

    /** For people: {@code CPython 3.11.2 (/usr/bin/python3)} or {@code GraalPy (embedded)}. */
    public String describe() {
        if (problem != null) {
            return "no usable Python: " + problem;
        }
        return embedded() ? "GraalPy (embedded)" : implementation + " " + version + " (" + executable + ")";
    }
}
