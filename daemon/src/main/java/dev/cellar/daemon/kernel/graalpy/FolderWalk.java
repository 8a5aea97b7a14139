package dev.cellar.daemon.kernel.graalpy;

import dev.cellar.daemon.execution.Secrets;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Finds a file inside one folder the way the kernel would, but one component at a time
 * from directories held open ({@code openat} with {@code O_NOFOLLOW}): {@code ..} goes up
 * the directories actually walked, a symbolic link is read and its text walked in turn,
 * and a step above the folder, or onto a secret, is refused. What is found is a directory
 * held open plus a name in it, so the caller acts on exactly what was checked: no link
 * swapped in after the walk can lead the open, create or rename elsewhere.
 *
 * <p>Calls the JDK has no {@code *at} form for (mkdir, readlink, link, symlink, full stat)
 * go through {@code /proc/self/fd/<fd>/<name>}: the kernel resolves the held directory
 * by its descriptor, then the one name, not following it. That needs the descriptor of a
 * {@link SecureDirectoryStream}, read by reflection (the worker JVM opens
 * {@code java.base/sun.nio.fs} for it); without it the walk refuses to start, never
 * falling back to path checks.
 */
final class FolderWalk implements Closeable {
    /** As Linux's own limit on links followed while resolving one path. */
    private static final int MAX_LINKS = 40;
    private static final Field DESCRIPTOR = descriptorField();

    private final Path root;
    private final Path given;
    private final SecureDirectoryStream<Path> rootDir;
    private final List<Path> secrets;
    private volatile List<Path> readOnly = List.of();

    FolderWalk(Path folder, Secrets secrets) throws IOException {
        if (DESCRIPTOR == null) {
            throw new IOException("this JVM does not expose directory descriptors (run it with"
                    + " --add-opens=java.base/sun.nio.fs=ALL-UNNAMED): cell files cannot be confined");
        }
        this.given = folder.toAbsolutePath().normalize();
        this.root = folder.toRealPath();
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (!(ds instanceof SecureDirectoryStream<Path> secure)) {
            ds.close();
            throw new IOException("this platform has no openat-based directory streams: cell files cannot be confined");
        }
        this.rootDir = secure;
        List<Path> real = new ArrayList<>();
        for (Path p : secrets.paths()) {
            real.add(realish(p));
        }
        this.secrets = List.copyOf(real);
    }

    Path root() {
        return root;
    }

    /** Folders inside the root that cells may read but not change (the language home, when it lies inside). */
    void readOnly(List<Path> paths) {
        List<Path> real = new ArrayList<>();
        for (Path p : paths) {
            real.add(realish(p));
        }
        readOnly = List.copyOf(real);
    }

    /**
     * A file that was found: the directory holding it (open), its name there (null: the
     * directory itself) and its real path. Closing releases the directory.
     */
    record Found(SecureDirectoryStream<Path> dir, boolean owned, String name, Path real) implements Closeable {
        /** A path the kernel resolves through the held directory, not through any name above it. */
        Path viaDescriptor() {
            Path dirPath = Path.of("/proc/self/fd/" + descriptor(dir));
            return name == null ? dirPath : dirPath.resolve(name);
        }

        Path nameInDir() {
            return Path.of(name);
        }

        /** The entry's own attributes, not those of a link's target; null when it does not exist. */
        BasicFileAttributes lstat() throws IOException {
            try {
                if (name == null) {
                    return Files.readAttributes(viaDescriptor(), BasicFileAttributes.class);
                }
                return dir.getFileAttributeView(nameInDir(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                dir.close();
            }
        }
    }

    /** Finds {@code path} (absolute); its last component is followed when it is a link and {@code followLast}. */
    Found find(Path path, boolean followLast) throws IOException {
        Deque<String> pending = new ArrayDeque<>(inside(path, path));
        Deque<SecureDirectoryStream<Path>> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        int links = 0;
        try {
            while (!pending.isEmpty()) {
                String name = pending.pollFirst();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    if (open.isEmpty()) {
                        // "../<folder>/x" from the folder: back where it started, as the kernel would find it
                        if (root.getFileName() != null && root.getFileName().toString().equals(pending.peekFirst())) {
                            pending.pollFirst();
                            continue;
                        }
                        throw outside(path);
                    }
                    open.pop().close();
                    names.removeLast();
                    continue;
                }
                SecureDirectoryStream<Path> dir = open.isEmpty() ? rootDir : open.peek();
                Path real = realOf(names, name);
                if (covered(secrets, real)) {
                    throw secret(path);
                }
                boolean last = pending.stream().allMatch(n -> n.isEmpty() || n.equals("."));
                BasicFileAttributes a = new Found(dir, false, name, real).lstat();
                if (a != null && a.isSymbolicLink() && (!last || followLast)) {
                    if (++links > MAX_LINKS) {
                        throw new FileSystemException(path.toString(), null, "Too many levels of symbolic links");
                    }
                    Path target = Files.readSymbolicLink(new Found(dir, false, name, real).viaDescriptor());
                    List<String> next = new ArrayList<>();
                    if (target.isAbsolute()) {
                        next.addAll(inside(target, path));
                        while (!open.isEmpty()) {
                            open.pop().close();
                        }
                        names.clear();
                    } else {
                        target.forEach(n -> next.add(n.toString()));
                    }
                    for (int i = next.size() - 1; i >= 0; i--) {
                        pending.addFirst(next.get(i));
                    }
                    continue;
                }
                if (last) {
                    boolean owned = !open.isEmpty();
                    if (owned) {
                        open.pop();
                    }
                    return new Found(dir, owned, name, real);
                }
                if (a == null) {
                    throw new NoSuchFileException(path.toString());
                }
                if (!a.isDirectory()) {
                    throw new NotDirectoryException(path.toString());
                }
                open.push(dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS));
                names.addLast(name);
            }
            // the path names a directory itself ("", ".", "a/..")
            Path real = realOf(names, null);
            if (covered(secrets, real)) {
                throw secret(path);
            }
            if (open.isEmpty()) {
                return new Found(rootDir, false, null, real);
            }
            return new Found(open.pop(), true, null, real);
        } finally {
            for (SecureDirectoryStream<Path> d : open) {
                d.close();
            }
        }
    }

    /** Refuses a change under a read-only folder. */
    void checkWritable(Found f, Path path) throws AccessDeniedException {
        if (covered(readOnly, f.real())) {
            throw new AccessDeniedException(path.toString(), null, "read-only (GraalPy's standard library)");
        }
    }

    /** Whether an absolute path, as written, lies in the folder (where it leads is for {@link #find} to say). */
    boolean contains(Path p) {
        for (Path candidate : List.of(p, p.normalize())) {
            if (candidate.startsWith(root) || candidate.startsWith(given)) {
                return true;
            }
        }
        return false;
    }

    /** The components of an absolute path below the root (as given or as real path); refused when it lies elsewhere. */
    private List<String> inside(Path p, Path asked) throws AccessDeniedException {
        for (Path candidate : List.of(p, p.normalize())) {
            for (Path base : List.of(root, given)) {
                if (candidate.startsWith(base)) {
                    List<String> names = new ArrayList<>();
                    base.relativize(candidate).forEach(n -> names.add(n.toString()));
                    return names;
                }
            }
        }
        throw outside(asked);
    }

    private static AccessDeniedException secret(Path path) {
        return new AccessDeniedException(path.toString(), null, "one of the user's secrets (keys, credentials)");
    }

    private static AccessDeniedException outside(Path path) {
        return new AccessDeniedException(path.toString(), null, "outside the notebook's folder");
    }

    private Path realOf(Deque<String> names, String name) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return name == null ? p : p.resolve(name);
    }

    private static boolean covered(List<Path> folders, Path p) {
        for (Path f : folders) {
            if (p.startsWith(f)) {
                return true;
            }
        }
        return false;
    }

    /** The real path of {@code p}, or of its nearest existing ancestor with the rest appended. */
    private static Path realish(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            Path parent = abs.getParent();
            return parent == null || abs.getFileName() == null ? abs : realish(parent).resolve(abs.getFileName());
        }
    }

    static int descriptor(SecureDirectoryStream<Path> dir) {
        try {
            return DESCRIPTOR.getInt(dir);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new IllegalStateException("no descriptor for " + dir.getClass().getName(), e);
        }
    }

    private static Field descriptorField() {
        try {
            Field f = Class.forName("sun.nio.fs.UnixSecureDirectoryStream").getDeclaredField("dfd");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        rootDir.close();
    }
}
