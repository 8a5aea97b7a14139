package dev.cellar.daemon.store;

import dev.cellar.daemon.units.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Which files may be read as notebooks: regular files (after following links) on a real
 * file system, up to a size. Checked before a byte is read, so a device, a FIFO (which
 * would block), {@code /proc/self/environ} (the daemon's secrets) or a huge file is refused
 * at once instead of read into memory.
 */
public final class NotebookFiles {
    /** File systems whose "files" are kernel state, however regular they look. */
    private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2",
            "debugfs", "tracefs", "securityfs", "configfs", "bpf", "pstore", "efivarfs", "mqueue", "fusectl",
            "binfmt_misc", "nsfs", "rpc_pipefs", "hugetlbfs");
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private NotebookFiles() {
    }

    /** {@code CELLAR_MAX_NOTEBOOK_SIZE} (e.g. {@code 256M}) or 64 MiB. */
    public static long maxBytesFromEnvironment() {
        String value = System.getenv("CELLAR_MAX_NOTEBOOK_SIZE");
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_BYTES;
        }
        long parsed = dev.cellar.daemon.units.ByteSize.parse(value, -1);
        return parsed > 0 ? parsed : DEFAULT_MAX_BYTES;
    }

    /** Why {@code path} (which exists) cannot be opened as a notebook, or null when it can. */
    public static String refusal(Path path, long maxBytes) throws IOException {
        Path real = path.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            return path + " is not a regular file" + (attributes.isDirectory() ? " (it is a folder)" : "");
        }
        String fileSystem = Files.getFileStore(real).type();
        if (PSEUDO.contains(fileSystem)) {
            return path + " is not a notebook: it is on the " + fileSystem + " file system";
        }
        if (attributes.size() > maxBytes) {
            return tooLarge(path, attributes.size(), maxBytes);
        }
        return null;
    }

    static String tooLarge(Path path, long size, long maxBytes) {
        return path + " is too large to open as a notebook (" + (size > maxBytes ? ByteSize.describe(size) : "over "
                + ByteSize.describe(maxBytes)) + "; the limit is " + ByteSize.describe(maxBytes)
                + ", set by CELLAR_MAX_NOTEBOOK_SIZE)";
    }
}
