package dev.cellar.protocol.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The layout of the drivers' folder ({@link UserConfig#jdbcFolder}): each sub-folder is one
 * driver with its jars (what {@code cellar driver add} makes: the driver and its dependencies),
 * and a jar lying in the folder itself is a driver of its own. The daemon gives each driver a
 * class loader of its own; the command lists and removes them.
 */
public final class DriverFolder {
    private DriverFolder() {
    }

    /**
     * One driver: {@code name} (the sub-folder's or the jar's name without {@code .jar}), its jars
     * (sorted), and the {@code java.sql.Driver} classes they declare; {@code stamp} changes whenever
     * a jar is added, removed, replaced or rewritten.
     */
    public record Entry(String name, Path location, List<Path> jars, List<String> driverClasses, String stamp) {
    }

    /** The drivers in {@code folder}, by name; none when it does not exist. */
    public static List<Entry> entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Entry> all = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path p : children.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.startsWith(".")) {
                    continue; // a download in progress
                }
                if (Files.isDirectory(p)) {
                    List<Path> jars;
                    try (Stream<Path> inside = Files.list(p)) {
                        jars = inside.filter(DriverFolder::isJar).sorted().toList();
                    }
                    if (!jars.isEmpty()) {
                        all.add(entry(file, p, jars));
                    }
                } else if (isJar(p)) {
                    all.add(entry(file.substring(0, file.length() - 4), p, List.of(p)));
                }
            }
        }
        return all;
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") && !p.getFileName().toString().startsWith(".");
    }

    private static Entry entry(String name, Path location, List<Path> jars) throws IOException {
        StringBuilder stamp = new StringBuilder();
        List<String> drivers = new ArrayList<>();
        for (Path jar : jars) {
            stamp.append(jar.getFileName()).append(':').append(Files.size(jar)).append(':')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append(';');
            drivers.addAll(declaredDrivers(jar));
        }
        return new Entry(name, location, jars, List.copyOf(drivers), stamp.toString());
    }

    /** The classes a jar names in {@code META-INF/services/java.sql.Driver}: how JDBC 4 drivers announce themselves. */
    public static List<String> declaredDrivers(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry services = j.getEntry("META-INF/services/java.sql.Driver");
            if (services == null) {
                return List.of();
            }
            try (InputStream in = j.getInputStream(services)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
            }
        } catch (IOException e) {
            return List.of(); // not a jar after all: listed, declares nothing
        }
    }
}
