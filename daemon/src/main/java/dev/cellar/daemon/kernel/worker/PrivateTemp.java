package dev.cellar.daemon.kernel.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sandboxed worker's temp folder (0700, its own, made at its first start, removed with the
 * kernel): {@code TMPDIR} for tempfile and most C libraries, and matplotlib's config folder,
 * which it would otherwise try to write in the user's home.
 */
final class PrivateTemp {
    private Path dir;

    /** The worker's variables; makes the folder the first time. */
    synchronized Map<String, String> environment() throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            dir = Files.createTempDirectory("cellar-sandbox-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Map.of("TMPDIR", dir.toString(), "MPLCONFIGDIR", dir.resolve("matplotlib").toString());
    }

    synchronized void delete() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the system's temp cleaner; nothing in it outlives the notebook's use
        }
        dir = null;
    }
}
