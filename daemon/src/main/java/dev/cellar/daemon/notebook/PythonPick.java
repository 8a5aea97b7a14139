package dev.cellar.daemon.notebook;

import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Interpreters;
import dev.cellar.daemon.trust.Trust;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks of {@code kernel.use} before its edit enters the loop (they may run a Python for a
 * few seconds, so not on the loop): the value must be {@code auto}, {@code graalpy} or the path
 * of a working Python 3.9+ with no white space (a header splits on it). A person's pick of a
 * Python that lies where a confined cell could have put it (the notebook's folder, a folder a
 * confined notebook ran in) is what lets it run: it is asked what it is and, if it is a Python,
 * recorded as confirmed with its hash, taken before it ran. An agent's pick of such a file is not
 * run at all: it waits for a person anyway.
 */
final class PythonPick {
    private PythonPick() {
    }

    /** The value to write as {@code python=}: a path inside the notebook's folder relative to it, so it moves with the folder. */
    static String vet(String python, Path notebook, boolean person, SessionServices services) {
        if (python == null || python.isBlank()) {
            throw invalid("python: give the path of a Python, auto or graalpy");
        }
        String value = python.strip();
        if (value.equals("auto") || value.equals("graalpy")) {
            return value;
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("python=" + value + ": a header cannot hold a path with white space; use a link without it");
        }
        Path folder = notebook.toAbsolutePath().normalize().getParent();
        Path executable = Interpreters.executable(value, folder);
        Path real = realPath(executable);
        String written = executable.startsWith(folder) ? folder.relativize(executable).toString() : value;
        Trust trust = services.interpreters().trust();
        boolean guarded = executable.startsWith(folder) || real.startsWith(folder) || trust.reachable(executable)
                || trust.reachable(real);
        if (guarded && !person) {
            if (!Files.isRegularFile(real) || !Files.isExecutable(executable)) {
                throw invalid("python=" + value + ": " + executable + " is not an executable file");
            }
            return written; // not run: a person confirms it first
        }
        String sha256 = guarded && Files.isRegularFile(real) ? hash(real, value) : null; // before it runs: a file swapped meanwhile stays unconfirmed
        Interpreter found = services.interpreters().examine(value, folder);
        if (found.problem() != null) {
            throw invalid(found.problem());
        }
        if (sha256 != null) {
            trust.confirmInterpreter(executable, sha256);
        }
        return written;
    }

    private static String hash(Path real, String value) {
        try {
            return Trust.sha256(real);
        } catch (java.io.UncheckedIOException e) {
            throw invalid("python=" + value + ": " + e.getMessage());
        }
    }

    private static RpcException invalid(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
