package dev.cellar.daemon.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Replaces a file so that, whatever happens, it holds either the old or the new content:
 * write a temp file in the same folder, force it, swap it with the target (or rename it over
 * the target where no swap exists), force the folder. When {@link #write} returns, the new content is durable; when it throws, the
 * old file is untouched.
 *
 * <p>The replaced file keeps its mode (and owner and group where we may set them); a new
 * file gets the mode the umask gives, unless the writer is {@link #privateFiles()}.
 */
public class AtomicFileWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean privateFiles;

    public AtomicFileWriter() {
        this(false);
    }

    private AtomicFileWriter(boolean privateFiles) {
        this.privateFiles = privateFiles;
    }

    /** A writer whose new files only their owner may read (conversations, tokens). */
    public static AtomicFileWriter privateFiles() {
        return new AtomicFileWriter(true);
    }

    public void write(Path target, byte[] content) throws IOException {
        replace(target, content);
    }

    /**
     * {@link #write}, answering the bytes of the file it replaced: the new file takes the
     * target's place by an atomic swap where the platform has one ({@link FileExchange}), so
     * the file it replaced can still be read (null when there was no file, or no swap, so
     * nothing to tell). A caller that checked the file before writing learns this way whether
     * another program wrote it in between: the window between a check and a rename is closed.
     */
    public byte[] replace(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = createTemp(dir, target.getFileName().toString());
        boolean swapped = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, content);
                force(ch);
            }
            if (Files.exists(target)) {
                FileAttributesCopy.copy(target, temp);
                swapped = exchange(temp, target);
            }
            if (!swapped) {
                rename(temp, target);
            }
            forceFolder(dir);
            return swapped ? Files.readAllBytes(temp) : null;
        } finally {
            Files.deleteIfExists(temp); // the temp file, or the file the swap displaced: read already
        }
    }

    /**
     * Deletes the temp files an interrupted {@link #write} of {@code target} left beside it.
     * Call it only where no write of that file can be running (before its one writer starts).
     */
    public static void removeStaleTemps(Path target) throws IOException {
        Pattern ours = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "\\.\\d+\\.tmp");
        Path dir = target.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path stale : entries) {
                if (Files.isRegularFile(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(stale);
                }
            }
        }
    }

    /**
     * Not {@code Files.createTempFile}: it makes every file 0600, and the rename would hand
     * that mode to a new notebook whatever the umask says.
     */
    private Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
            try {
                return privateFiles
                        ? Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                // a name clash with another temp file: draw again
            }
        }
    }

    /** Steps as methods so a fault-injection test can fail each one. */
    protected void writeFully(FileChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    protected void force(FileChannel ch) throws IOException {
        ch.force(true);
    }

    /** Swaps the new file into the target's place; false where the platform cannot (then it is renamed). */
    protected boolean exchange(Path temp, Path target) throws IOException {
        return FileExchange.swap(temp, target);
    }

    protected void rename(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes the rename itself durable (POSIX: fsync the directory). */
    protected void forceFolder(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
