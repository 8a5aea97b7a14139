package dev.cellar.protocol.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon's socket lives: {@code CELLAR_SOCKET}, else
 * {@code $XDG_RUNTIME_DIR/cellar/cellar.sock}, else {@code ~/.cellar/run/cellar.sock}.
 */
public final class SocketPaths {
    private SocketPaths() {
    }

    public static Path defaultSocket() {
        return defaultSocket(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static Path defaultSocket(Map<String, String> env, Path home) {
        String explicit = env.get("CELLAR_SOCKET");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "cellar", "cellar.sock");
        }
        return home.resolve(".cellar").resolve("run").resolve("cellar.sock");
    }
}
