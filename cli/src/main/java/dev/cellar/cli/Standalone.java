package dev.cellar.cli;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --standalone}: the daemon runs inside this process, on a private socket that
 * nobody else knows, and goes away with it. The rest of the command is unchanged, so a
 * standalone run and a daemon run give the same results. The daemon's classes come from
 * {@code CELLAR_DAEMON_CLASSPATH} (the launcher sets it), kept out of the CLI's own class
 * path so ordinary commands stay fast.
 */
final class Standalone implements AutoCloseable {
    private final AutoCloseable daemon;
    private final Path socket;

    private Standalone(AutoCloseable daemon, Path socket) {
        this.daemon = daemon;
        this.socket = socket;
    }

    static Standalone start() {
        try {
            Path dir = Files.createTempDirectory("cellar-standalone-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socket = dir.resolve("cellar.sock");
            Class<?> daemonClass = Class.forName("dev.cellar.daemon.Daemon", true, daemonLoader());
            AutoCloseable daemon = (AutoCloseable) daemonClass.getMethod("start", Path.class).invoke(null, socket);
            return new Standalone(daemon, socket);
        } catch (InvocationTargetException e) {
            throw new CliException(ExitCode.NO_DAEMON, "cannot start the in-process daemon: " + e.getCause().getMessage());
        } catch (IOException | ReflectiveOperationException e) {
            throw new CliException(ExitCode.NO_DAEMON, "cannot start the in-process daemon: " + e);
        }
    }

    Path socket() {
        return socket;
    }

    private static ClassLoader daemonLoader() throws MalformedURLException {
        ClassLoader own = Standalone.class.getClassLoader();
        if (own.getResource("dev/cellar/daemon/Daemon.class") != null) {
            return own; // tests, or a class path that already has the daemon
        }
        String classpath = System.getenv("CELLAR_DAEMON_CLASSPATH");
        if (classpath == null || classpath.isBlank()) {
            throw new CliException(ExitCode.NO_DAEMON, "--standalone needs the daemon's classes: run cellar through "
                    + "scripts/cellar (CELLAR_DAEMON_CLASSPATH is not set)");
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.endsWith("*")) {
                File[] jars = new File(entry.substring(0, entry.length() - 1)).listFiles((d, n) -> n.endsWith(".jar"));
                if (jars != null) {
                    for (File jar : jars) {
                        urls.add(jar.toURI().toURL());
                    }
                }
            } else {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), own);
    }

    @Override
    public void close() {
        try {
            daemon.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        } catch (Exception e) {
            // the process is ending; nothing is left to clean that the OS does not
        }
    }
}
