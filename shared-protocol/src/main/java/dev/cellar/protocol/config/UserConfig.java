package dev.cellar.protocol.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the user's Cellar configuration lives: {@code $XDG_CONFIG_HOME/cellar}, else
 * {@code ~/.config/cellar}; added JDBC drivers in its {@code jdbc/} (or {@code CELLAR_JDBC_PATH}),
 * named connections in its {@code connections.json}. The system properties
 * {@code cellar.config.dir} and {@code cellar.jdbc.path} override both, so that tests running
 * the command and the daemon in one JVM never touch the real folder.
 */
public final class UserConfig {
    public static final String JDBC_PATH_VARIABLE = "CELLAR_JDBC_PATH";

    private UserConfig() {
    }

    public static Path folder(Map<String, String> env) {
        String override = System.getProperty("cellar.config.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "cellar").normalize();
        }
        String home = env.get("HOME");
        Path h = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
        return h.resolve(".config").resolve("cellar").toAbsolutePath().normalize();
    }

    /** The folder of the drivers the user added. */
    public static Path jdbcFolder(Map<String, String> env) {
        String override = System.getProperty("cellar.jdbc.path");
        if (override == null || override.isBlank()) {
            override = env.get(JDBC_PATH_VARIABLE);
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        return folder(env).resolve("jdbc");
    }

    /** Whether the drivers' folder is the user's choice ({@code CELLAR_JDBC_PATH}) rather than the default. */
    public static boolean jdbcFolderOverridden(Map<String, String> env) {
        return !jdbcFolder(env).equals(folder(env).resolve("jdbc"));
    }

    public static Path connectionsFile(Map<String, String> env) {
        return folder(env).resolve("connections.json");
    }
}
