package dev.cellar.daemon.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags a JVM of Cellar's needs, by the JDK's feature version, read from the resource
 * {@code jvm-flags} beside this class: the one place they are written. The daemon's worker
 * JVMs and the tests that start a daemon take them from here; the launcher and bench/run read
 * the same file through {@code scripts/lib/jdk.sh}.
 */
public final class JvmFlags {
    private static final List<Row> ROWS = read();

    private JvmFlags() {
    }

    private record Row(String who, int since, String flag) { }

    /** For the JDK this JVM runs on. */
    public static List<String> graalPy() {
        return graalPy(Runtime.version().feature());
    }

    /** A daemon JVM's: GraalPy's and its own. */
    public static List<String> daemon() {
        return daemon(Runtime.version().feature());
    }

    static List<String> graalPy(int jdkFeature) {
        return flags(jdkFeature, "graalpy");
    }

    static List<String> daemon(int jdkFeature) {
        List<String> flags = new ArrayList<>(graalPy(jdkFeature));
        flags.addAll(flags(jdkFeature, "daemon"));
        return flags;
    }

    private static List<String> flags(int jdkFeature, String who) {
        return ROWS.stream().filter(r -> r.who().equals(who) && jdkFeature >= r.since()).map(Row::flag).toList();
    }

    private static List<Row> read() {
        try (InputStream in = JvmFlags.class.getResourceAsStream("jvm-flags")) {
            if (in == null) {
                throw new IllegalStateException("the resource jvm-flags is missing beside " + JvmFlags.class.getName());
            }
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] parts = text.split("\\s+", 3);
                if (parts.length != 3) {
                    throw new IllegalStateException("jvm-flags: a row is who, version, flag: " + text);
                }
                rows.add(new Row(parts[0], Integer.parseInt(parts[1]), parts[2]));
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
