package dev.cellar.daemon.kernel.graalpy;

import dev.cellar.daemon.execution.Secrets;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The file system a notebook's GraalPy cells see: the notebook's folder, read and write,
 * decided on real paths at the moment of use ({@link FolderWalk}), minus the user's
 * secrets, refused with {@link AccessDeniedException} (a {@code PermissionError} in
 * Python). Paths written outside the folder go to {@code elsewhere}: GraalPy's own home,
 * read-only, and nothing more. It is the context's file system itself, not wrapped: the
 * polyglot wrappers turn {@code os.rename} into a copy they then refuse as not atomic.
 * Relative paths start at the folder.
 */
final class FolderFileSystem implements FileSystem, Closeable {
    private static final Set<OpenOption> WRITES = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    private final FolderWalk walk;
    private final FileSystem elsewhere;
    private volatile Path cwd;

    FolderFileSystem(Path folder, Secrets secrets, FileSystem elsewhere) throws IOException {
        this.walk = new FolderWalk(folder, secrets);
        this.elsewhere = elsewhere;
        this.cwd = walk.root();
    }

    /** Whether the path, as written, is outside the folder: {@code elsewhere} decides. */
    private boolean outside(Path path) {
        return !walk.contains(toAbsolutePath(path));
    }

    /** The notebook's folder, as a real path: where relative paths start. */
    Path root() {
        return walk.root();
    }

    /** Folders inside the notebook's folder that cells may read but not change. */
    void readOnly(List<Path> folders) {
        walk.readOnly(folders);
    }

    @Override
    public Path parsePath(URI uri) {
        return Path.of(uri);
    }

    @Override
    public Path parsePath(String path) {
        return Path.of(path);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : cwd.resolve(path);
    }

    @Override
    public void setCurrentWorkingDirectory(Path dir) {
        cwd = toAbsolutePath(dir);
    }

    /** Links and renames that reach out of the folder: nothing outside is the cells' to change. */
    private static AccessDeniedException outsideTheFolder(Path path) {
        return new AccessDeniedException(path.toString(), null, "outside the notebook's folder");
    }

    private FolderWalk.Found find(Path path, LinkOption... options) throws IOException {
        return walk.find(toAbsolutePath(path), !List.of(options).contains(LinkOption.NOFOLLOW_LINKS));
    }

    private FolderWalk.Found findToChange(Path path) throws IOException {
        FolderWalk.Found f = walk.find(toAbsolutePath(path), false);
        if (f.name() == null) {
            f.close();
            throw new AccessDeniedException(path.toString(), null, "a folder itself, not an entry in it");
        }
        return writable(f, path);
    }

    /** {@code f} when cells may change it; else refused (and released). */
    private FolderWalk.Found writable(FolderWalk.Found f, Path path) throws IOException {
        try {
            walk.checkWritable(f, path);
        } catch (IOException e) {
            f.close();
            throw e;
        }
        return f;
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        if (outside(path)) {
            elsewhere.checkAccess(path, modes, options);
            return;
        }
        try (FolderWalk.Found f = find(path, options)) {
            BasicFileAttributes a = f.lstat();
            if (a == null) {
                throw new NoSuchFileException(path.toString());
            }
            if (modes.contains(AccessMode.WRITE)) {
                walk.checkWritable(f, path);
            }
            if (!a.isSymbolicLink() && !modes.isEmpty()) {
                Path p = f.viaDescriptor();
                on(path, () -> p.getFileSystem().provider().checkAccess(p, modes.toArray(AccessMode[]::new)));
            }
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        if (outside(dir)) {
            elsewhere.createDirectory(dir, attrs);
            return;
        }
        try (FolderWalk.Found f = findToChange(dir)) {
            on(dir, () -> Files.createDirectory(f.viaDescriptor(), attrs));
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        if (outside(path)) {
            elsewhere.delete(path);
            return;
        }
        try (FolderWalk.Found f = findToChange(path)) {
            BasicFileAttributes a = f.lstat();
            if (a == null) {
                throw new NoSuchFileException(path.toString());
            }
            on(path, () -> {
                if (a.isDirectory()) {
                    f.dir().deleteDirectory(f.nameInDir());
                } else {
                    f.dir().deleteFile(f.nameInDir());
                }
            });
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (outside(path)) {
            return elsewhere.newByteChannel(path, options, attrs);
        }
        boolean writes = options.stream().anyMatch(WRITES::contains);
        try (FolderWalk.Found f = writes ? writable(find(path, linkOptions(options)), path)
                : find(path, linkOptions(options))) {
            if (f.name() == null) {
                return Files.newByteChannel(f.viaDescriptor(), options, attrs); // a directory: fails as the OS says
            }
            Set<OpenOption> noFollow = new HashSet<>(options);
            noFollow.add(LinkOption.NOFOLLOW_LINKS); // a link swapped in since the walk fails the open
            return on(path, () -> f.dir().newByteChannel(f.nameInDir(), noFollow, attrs));
        }
    }

    private static LinkOption[] linkOptions(Set<? extends OpenOption> options) {
        return options.contains(LinkOption.NOFOLLOW_LINKS) ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        if (outside(dir)) {
            return elsewhere.newDirectoryStream(dir, filter);
        }
        SecureDirectoryStream<Path> listed;
        try (FolderWalk.Found f = find(dir)) {
            // a stream of its own: the one the walk holds may be shared, and a stream iterates once
            Path name = f.name() == null ? Path.of(".") : f.nameInDir();
            listed = on(dir, () -> f.dir().newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
        }
        return new Listing(listed, dir, filter);
    }

    /** Entries named as the caller named their folder. */
    private record Listing(SecureDirectoryStream<Path> stream, Path dir, DirectoryStream.Filter<? super Path> filter)
            implements DirectoryStream<Path> {
        @Override
        public Iterator<Path> iterator() {
            Iterator<Path> names = stream.iterator();
            return new Iterator<>() {
                private Path next;

                @Override
                public boolean hasNext() {
                    while (next == null && names.hasNext()) {
                        Path candidate = dir.resolve(names.next().getFileName());
                        try {
                            if (filter.accept(candidate)) {
                                next = candidate;
                            }
                        } catch (IOException e) {
                            throw new DirectoryIteratorException(e);
                        }
                    }
                    return next != null;
                }

                @Override
                public Path next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Path p = next;
                    next = null;
                    return p;
                }
            };
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        if (outside(path)) {
            return elsewhere.toRealPath(path, options);
        }
        try (FolderWalk.Found f = find(path, options)) {
            if (f.lstat() == null) {
                throw new NoSuchFileException(path.toString());
            }
            return f.real();
        }
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        if (outside(path)) {
            return elsewhere.readAttributes(path, attributes, options);
        }
        try (FolderWalk.Found f = find(path, options)) {
            return on(path, () -> Files.readAttributes(f.viaDescriptor(), attributes, noFollow(f)));
        }
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        if (outside(path)) {
            elsewhere.setAttribute(path, attribute, value, options);
            return;
        }
        try (FolderWalk.Found f = find(path, options)) {
            walk.checkWritable(f, path);
            on(path, () -> Files.setAttribute(f.viaDescriptor(), attribute, value, noFollow(f)));
        }
    }

    /** The descriptor's own path is a link to the folder: followed; a name in it: not. */
    private static LinkOption[] noFollow(FolderWalk.Found f) {
        return f.name() == null ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    @Override
    public void move(Path source, Path target, java.nio.file.CopyOption... options) throws IOException {
        if (outside(source) || outside(target)) {
            throw outsideTheFolder(outside(source) ? source : target);
        }
        try (FolderWalk.Found from = findToChange(source); FolderWalk.Found to = findToChange(target)) {
            if (!List.of(options).contains(StandardCopyOption.REPLACE_EXISTING) && to.lstat() != null) {
                throw new FileAlreadyExistsException(target.toString());
            }
            on(source, () -> from.dir().move(from.nameInDir(), to.dir(), to.nameInDir()));
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        if (outside(link) || outside(existing)) {
            throw outsideTheFolder(outside(link) ? link : existing);
        }
        // the existing file is walked like any other: a hard link to a file outside cannot be made
        try (FolderWalk.Found l = findToChange(link); FolderWalk.Found e = findToChange(existing)) {
            on(link, () -> Files.createLink(l.viaDescriptor(), e.viaDescriptor()));
        }
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        if (outside(link)) {
            throw outsideTheFolder(link);
        }
        // the target is only text: it is walked, and checked, whenever the link is used
        try (FolderWalk.Found l = findToChange(link)) {
            on(link, () -> Files.createSymbolicLink(l.viaDescriptor(), target, attrs));
        }
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        if (outside(link)) {
            return elsewhere.readSymbolicLink(link);
        }
        try (FolderWalk.Found l = find(link, LinkOption.NOFOLLOW_LINKS)) {
            if (l.name() == null) {
                throw new NotLinkException(link.toString());
            }
            return on(link, () -> Files.readSymbolicLink(l.viaDescriptor()));
        }
    }

    @Override
    public void close() throws IOException {
        walk.close();
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private interface VoidIo {
        void run() throws IOException;
    }

    private static void on(Path asked, VoidIo io) throws IOException {
        on(asked, () -> {
            io.run();
            return null;
        });
    }

    /** Runs a file operation; its errors name the path the cell asked for, not the descriptor path used. */
    private static <T> T on(Path asked, Io<T> io) throws IOException {
        try {
            return io.run();
        } catch (FileSystemException e) {
            String p = asked.toString();
            String reason = e.getReason();
            FileSystemException named = switch (e) {
                case NoSuchFileException x -> new NoSuchFileException(p, null, reason);
                case FileAlreadyExistsException x -> new FileAlreadyExistsException(p, null, reason);
                case AccessDeniedException x -> new AccessDeniedException(p, null, reason);
                case DirectoryNotEmptyException x -> new DirectoryNotEmptyException(p);
                case NotDirectoryException x -> new NotDirectoryException(p);
                case NotLinkException x -> new NotLinkException(p, null, reason);
                default -> new FileSystemException(p, null, reason);
            };
            named.initCause(e);
            throw named;
        }
    }
}
