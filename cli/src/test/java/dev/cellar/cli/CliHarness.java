package dev.cellar.cli;

import dev.cellar.daemon.Daemon;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a test class ({@code @RegisterExtension static CliHarness cli = new CliHarness()}): a
 * real daemon in this JVM on a private socket in a temp folder, stopped after the class
 * whatever happened; the {@code cellar} command run against it; and a private copy of
 * {@code examples/} (tests never touch the tracked files).
 */
final class CliHarness implements BeforeAllCallback, AfterAllCallback {
    record Result(int exit, String out, String err) {
    }

    private Path dir;
    private Path socket;
    private Daemon daemon;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("cellar-cli-test");
        Path examples = Files.createDirectories(dir.resolve("examples"));
        Path tracked = Path.of(System.getProperty("user.dir")).getParent().resolve("examples");
        try (var files = Files.list(tracked)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, examples.resolve(f.getFileName()));
            }
        }
        socket = dir.resolve("cellar.sock");
        daemon = Daemon.start(socket);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (daemon != null) {
                daemon.close();
            }
        } finally {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The class's temp folder. */
    Path dir() {
        return dir;
    }

    /** The private copy of {@code examples/}. */
    Path examples() {
        return dir.resolve("examples");
    }

    Path socket() {
        return socket;
    }

    /** Runs {@code cellar ARGS} with {@code --socket} added after the (sub)command's name. */
    Result cellar(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.isEmpty() && !all.contains("--help") && !all.get(0).equals("driver")
                && !(all.get(0).equals("connection") && !all.contains("test"))) {
            int insertAt = List.of("cell", "daemon", "kernel", "connection").contains(all.get(0)) ? 2 : 1;
            all.add(Math.min(insertAt, all.size()), "--socket=" + socket);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CellarMain.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }
}
