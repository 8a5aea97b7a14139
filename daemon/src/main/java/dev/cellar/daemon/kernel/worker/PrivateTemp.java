package dev.cellar.daemon.kernel.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sandboxed worker's temp folder (0700, its own, made at its first start, removed with the
 * kernel; a spare's is made with the spare and taken over by the kernel that takes it):
 * {@code TMPDIR} for tempfile and most C libraries, and matplotlib's config folder, which it
 * would otherwise try to write in the user's home.
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

    /** {@code environment} with this folder's variables: what a confined worker starts with. */
    Map<String, String> around(Map<String, String> environment) throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(environment());
        return env;
    }

    /**
     * Takes over the folder a spare worker was started with (the kernel that took the spare
     * now removes it), dropping this one's if it had made one.
     */
    void adopt(PrivateTemp spare) {
        Path taken;
        synchronized (spare) {
            taken = spare.dir;
            spare.dir = null;
        }
        synchronized (this) {
            if (dir != null && !dir.equals(taken)) {
                delete();
            }
            dir = taken;
        }
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
