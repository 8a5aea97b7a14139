package dev.cellar.daemon.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * The notebook file as the daemon last wrote or read it: its identity (inode), size,
 * modification time and bytes. {@link #isStill} tells whether the file on disk is still
 * that one, so nothing another program wrote is overwritten unread.
 */
public record DiskVersion(Object fileKey, long size, long modifiedNanos, byte[] content) {

    /** What is at {@code path} now (null when there is no file); at most {@code maxBytes} + 1 bytes of it are read. */
    public static DiskVersion of(Path path, long maxBytes) throws IOException {
        BasicFileAttributes before;
        try {
            before = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // one byte past the limit, so a larger file shows; no overflow for a limit near Long.MAX_VALUE
            bytes = in.readNBytes(maxBytes >= Integer.MAX_VALUE - 9L ? Integer.MAX_VALUE - 8 : (int) Math.max(0, maxBytes) + 1);
        } catch (NoSuchFileException gone) {
            return null;
        }
        return new DiskVersion(before.fileKey(), before.size(), nanos(before), bytes);
    }

    /** A version written by the daemon: {@code content} is what it wrote, the rest read back after the rename. */
    static DiskVersion written(Path path, byte[] content) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return new DiskVersion(a.fileKey(), a.size(), nanos(a), content);
    }

    /**
     * Whether {@code path} still holds this version: the same inode, size and time, and then
     * the same bytes (a rewrite within one clock tick keeps size and time). Cost: one stat and,
     * when those agree, one read of the file: well under a millisecond for a notebook.
     */
    public boolean isStill(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return false;
        }
        long modified = nanos(a);
        if (!Objects.equals(a.fileKey(), fileKey) || a.size() != size || modified != modifiedNanos) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(content.length + 1), content);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** The modification time to the nanosecond the file system keeps. */
    private static long nanos(BasicFileAttributes a) {
        java.time.Instant t = a.lastModifiedTime().toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
