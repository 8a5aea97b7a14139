package dev.cellar.cli;

import dev.cellar.protocol.config.DriverFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code cellar driver add|list|remove}: the JDBC drivers SQL cells may use beyond DuckDB and
 * PostgreSQL. Resolution runs here, in the command, not in the daemon: the command runs as the
 * person in their terminal (progress and errors where they look, their {@code settings.xml}
 * mirrors and credentials), needs no running daemon, and keeps the resolver and its network
 * code out of the process that holds the notebooks. The daemon only loads the jars it finds in
 * the folder, each driver in a class loader of its own, at the next connection.
 */
@Command(name = "driver", description = {"Add, list or remove JDBC drivers for SQL cells (any database with a JDBC driver).",
        "Drivers live in ~/.config/cellar/jdbc/ (or CELLAR_JDBC_PATH); a running daemon picks them up at the next run."},
        subcommands = {DriverCommand.Add.class, DriverCommand.ListDrivers.class, DriverCommand.Remove.class})
final class DriverCommand {
    @Command(name = "add", description = {"Add a driver by its Maven coordinates (with its dependencies) or from a jar.",
        "GROUP:ARTIFACT[:VERSION] is resolved from Maven Central or the mirrors in ~/.m2/settings.xml;"
                + " without a version, the newest release. E.g. org.xerial:sqlite-jdbc, io.trino:trino-jdbc:476."})
    static final class Add extends ConfigCommand {
        @Parameters(index = "0", paramLabel = "COORDINATES|FILE.jar", description = "GROUP:ARTIFACT[:VERSION], or a jar file.")
        String what;

        @Override
        public Integer call() throws IOException {
            Path folder = jdbcFolder();
            Files.createDirectories(folder);
            Path jar = Path.of(what);
            if (what.endsWith(".jar")) {
                if (!Files.isRegularFile(jar)) {
                    throw new CliException(ExitCode.USAGE, "no such jar: " + what);
                }
                List<String> drivers = DriverFolder.declaredDrivers(jar);
                if (drivers.isEmpty()) {
                    throw new CliException(ExitCode.FAILED, what + " declares no JDBC driver"
                            + " (META-INF/services/java.sql.Driver): is it the driver's jar?");
                }
                String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
                install(folder, name, List.of(jar));
                out().println("added " + name + " (" + String.join(", ", drivers) + ") to " + folder);
                return ExitCode.OK;
            }
            DriverResolver.Resolved r;
            try {
                r = DriverResolver.forUser().resolve(what);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            }
            String name = r.artifactId() + "-" + r.version();
            // another version of the same driver would answer the same URLs: the new one replaces it
            for (DriverFolder.Entry old : DriverFolder.entries(folder)) {
                if (!old.name().equals(name) && old.name().matches(java.util.regex.Pattern.quote(r.artifactId()) + "-\\d.*")) {
                    delete(old.location());
                    out().println("removed " + old.name());
                }
            }
            install(folder, name, r.jars());
            List<String> drivers = r.jars().isEmpty() ? List.of() : DriverFolder.declaredDrivers(r.jars().getFirst());
            out().println("added " + r.groupId() + ":" + r.artifactId() + ":" + r.version() + " ("
                    + (drivers.isEmpty() ? "declares no JDBC driver" : String.join(", ", drivers)) + ", "
                    + Plural.of(r.jars().size(), "jar") + ") to " + folder);
            return ExitCode.OK;
        }

        /** Copied into a hidden folder first, then renamed into place: a daemon never sees half a driver. */
        private static void install(Path folder, String name, List<Path> jars) throws IOException {
            Path staging = Files.createTempDirectory(folder, ".adding-");
            try {
                for (Path jar : jars) {
                    Files.copy(jar, staging.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                Path target = folder.resolve(name);
                if (Files.exists(target)) {
                    delete(target);
                }
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(staging)) {
                    delete(staging);
                }
            }
        }
    }

    @Command(name = "list", description = "List the drivers added, with the driver classes each declares.")
    static final class ListDrivers extends ConfigCommand {
        @Override
        public Integer call() throws IOException {
            Path folder = jdbcFolder();
            List<DriverFolder.Entry> all = DriverFolder.entries(folder);
            if (all.isEmpty()) {
                out().println("no drivers added in " + folder + " (cellar driver add GROUP:ARTIFACT[:VERSION] or FILE.jar)");
                return ExitCode.OK;
            }
            out().println(folder + ":");
            for (DriverFolder.Entry e : all) {
                out().println("  " + e.name() + "  " + (e.driverClasses().isEmpty() ? "(declares no JDBC driver)"
                        : String.join(", ", e.driverClasses())) + "  " + Plural.of(e.jars().size(), "jar"));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", description = "Remove a driver by the name `cellar driver list` shows.")
    static final class Remove extends ConfigCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            for (DriverFolder.Entry e : DriverFolder.entries(jdbcFolder())) {
                if (e.name().equals(name)) {
                    delete(e.location());
                    out().println("removed " + name + " (a daemon keeps using it on connections already open)");
                    return ExitCode.OK;
                }
            }
            throw new CliException(ExitCode.FAILED, "no driver named " + name + " in " + jdbcFolder() + " (see cellar driver list)");
        }
    }

    static void delete(Path location) throws IOException {
        try (Stream<Path> all = Files.walk(location)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
