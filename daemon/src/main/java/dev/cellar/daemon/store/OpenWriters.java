package dev.cellar.daemon.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether some process has a file open for writing, from {@code /proc}: how a writer that
 * pauses between two halves of the file (and keeps it open) is told from a finished one.
 * Sees the processes this user may inspect (all of them for root); elsewhere than Linux,
 * or where {@code /proc} says nothing, the answer is no.
 */
final class OpenWriters {
    private static final Path PROC = Path.of("/proc");
    private static final int WRITE_MODES = 0b11; // O_WRONLY | O_RDWR in the access-mode bits

    private OpenWriters() {
    }

    static boolean anyFor(Path file) {
        Object key;
        try {
            key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException gone) {
            return false;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path pid : pids) {
                if (writes(pid, file, key)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return false;
        }
        return false;
    }

    private static boolean writes(Path pid, Path file, Object key) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException closed) {
                    continue;
                }
                if (!target.equals(file)) {
                    continue;
                }
                if (writable(pid.resolve("fdinfo").resolve(fd.getFileName()))
                        && key.equals(Files.readAttributes(fd, java.nio.file.attribute.BasicFileAttributes.class).fileKey())) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException gone) {
            return false; // the process ended, or is not ours to look at
        }
        return false;
    }

    private static boolean writable(Path fdinfo) throws IOException {
        for (String line : Files.readAllLines(fdinfo)) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring(6).strip(), 8) & WRITE_MODES) != 0;
            }
        }
        return false;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
