package dev.cellar.cli;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the daemon as a detached process and waits until its socket accepts. The
 * launcher script tells us how: {@code CELLAR_JAVA}, {@code CELLAR_DAEMON_CLASSPATH},
 * {@code CELLAR_DAEMON_JVM_FLAGS}. The daemon's output goes to {@code daemon.log} beside
 * the socket.
 */
final class DaemonLauncher {
    private static final long START_TIMEOUT_MS = 60_000;

    private DaemonLauncher() {
    }

    static long start(Path socket) {
        return start(socket, List.of());
    }

    /** {@code daemonArgs}: extra arguments for the daemon, e.g. {@code --tcp 127.0.0.1:7070}. */
    static long start(Path socket, List<String> daemonArgs) {
        String classpath = System.getenv("CELLAR_DAEMON_CLASSPATH");
        if (classpath == null || classpath.isBlank()) {
            throw new CliException(ExitCode.NO_DAEMON, "cannot start the daemon: CELLAR_DAEMON_CLASSPATH is not set "
                    + "(run cellar through scripts/cellar)");
        }
        String java = System.getenv().getOrDefault("CELLAR_JAVA",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid"); // its own session: closing the terminal does not stop the daemon
        }
        command.add(java);
        String flags = System.getenv("CELLAR_DAEMON_JVM_FLAGS");
        if (flags != null && !flags.isBlank()) {
            command.addAll(List.of(flags.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, "dev.cellar.daemon.DaemonMain", "--socket", socket.toString()));
        command.addAll(daemonArgs);
        Path log = socket.toAbsolutePath().getParent().resolve("daemon.log");
        Process process;
        try {
            if (!Files.isDirectory(log.getParent())) {
                // private from the start: the daemon refuses a socket folder other users can reach
                Files.createDirectories(log.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new CliException(ExitCode.NO_DAEMON, "cannot start the daemon: " + e.getMessage());
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (answers(socket)) {
                return process.pid();
            }
            if (!process.isAlive()) {
                throw new CliException(ExitCode.NO_DAEMON, "the daemon exited while starting: " + lastLine(log)
                        + " (log: " + log + ")");
            }
            sleep();
        }
        process.destroy();
        throw new CliException(ExitCode.NO_DAEMON, "the daemon did not start within "
                + START_TIMEOUT_MS / 1000 + " s (log: " + log + ")");
    }

    static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "no output";
    }

    private static void sleep() {
        try {
            Thread.sleep(10); // a connect attempt is cheap; a cold run waits on this loop once
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.NO_DAEMON, "interrupted while starting the daemon");
        }
    }
}
