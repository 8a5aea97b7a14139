package dev.cellar.daemon.execution;

import dev.cellar.protocol.client.SocketPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Files a confined kernel must never read or write, even where they lie inside a folder it
 * may use (a notebook saved in {@code $HOME} makes all of {@code $HOME} "the notebook's
 * folder"): the user's keys and credentials, Cellar's own assistant settings (the API key),
 * the daemon's socket folder (its TCP token) and the trust records ({@code ~/.local/state/cellar}). Both the GraalPy kernel's file system and
 * the sandboxed CPython worker take their deny list from here, so the two cannot drift.
 */
public record Secrets(Path home, List<Path> paths) {

    public Secrets {
        paths = List.copyOf(paths);
    }

    /** The secrets of the user whose environment this is ({@code HOME}, the socket's folder). */
    public static Secrets of(Map<String, String> env) {
        String homeVar = env.get("HOME");
        Path home = Path.of(homeVar != null && !homeVar.isBlank() ? homeVar : System.getProperty("user.home"))
                .toAbsolutePath().normalize();
        Path socketFolder = SocketPaths.defaultSocket(env, home).toAbsolutePath().normalize().getParent();
        return new Secrets(home, List.of(
                home.resolve(".ssh"),
                home.resolve(".gnupg"),
                home.resolve(".aws"),
                home.resolve(".config").resolve("cellar"),
                home.resolve(".netrc"),
                home.resolve(".cellar").resolve("run"),
                socketFolder,
                // the trust records: a cell that could write them could confirm its own plants
                dev.cellar.daemon.trust.TrustStore.folder(env)));
    }

    public static Secrets ofThisProcess() {
        return of(System.getenv());
    }

    /** Whether {@code path} (absolute, symlinks already resolved) is a secret or lies under one. */
    public boolean covers(Path path) {
        Path p = path.toAbsolutePath().normalize();
        for (Path secret : paths) {
            if (p.startsWith(secret)) {
                return true;
            }
        }
        return false;
    }
}
