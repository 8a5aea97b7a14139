package dev.cellar.cli;

import dev.cellar.daemon.Daemon;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real daemon in this JVM on a private socket, the {@code cellar} command run against it,
 * and a private copy of {@code examples/} (tests never touch the tracked files).
 */
final class CliHarness implements AutoCloseable {
    record Result(int exit, String out, String err) {
    }

    private final Path socket;
    private final Daemon daemon;
    final Path examples;

    CliHarness(Path dir) throws IOException {
        socket = dir.resolve("cellar.sock");
        examples = Files.createDirectories(dir.resolve("examples"));
        Path tracked = Path.of(System.getProperty("user.dir")).getParent().resolve("examples");
        try (var files = Files.list(tracked)) {
            for (Path f : files.toList()) {
                Files.copy(f, examples.resolve(f.getFileName()));
            }
        }
        daemon = Daemon.start(socket);
    }

    /** Runs {@code cellar ARGS} with {@code --socket} added after the (sub)command's name. */
    Result cellar(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--help")) {
            int insertAt = all.get(0).equals("cell") || all.get(0).equals("daemon") ? 2 : 1;
            all.add(Math.min(insertAt, all.size()), "--socket=" + socket);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CellarMain.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        daemon.close();
    }
}
