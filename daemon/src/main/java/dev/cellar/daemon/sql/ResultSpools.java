package dev.cellar.daemon.sql;

import dev.cellar.daemon.units.ByteSize;
import dev.cellar.protocol.model.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A kernel's spooled SQL results, one per cell (its last run's), in a private temp folder of
 * the daemon's (0700, made at the first spool, removed with the kernel): not the notebook's
 * folder, which confined cells may write. Handles are {@code sql:N}, never reused by this kernel.
 * The disk is bounded: all of a kernel's spools together take at most {@link #limit} bytes
 * ({@code CELLAR_SPOOL_LIMIT}, 4 GiB by default), and a spool never leaves less than
 * {@link #RESERVE} free on its file system; a result that would pass either fails its cell
 * ({@link TableSpool.Full}), as a result over {@code max-rows} does.
 */
public final class ResultSpools implements AutoCloseable {
    public static final long DEFAULT_LIMIT = 4L << 30;
    /** Left free on the temp folder's file system whatever the limit: other programs need it more. */
    static final long RESERVE = 512L << 20;

    private final long limit;
    private final Map<String, TableSpool> byCell = new ConcurrentHashMap<>();
    private final Map<String, TableSpool> byHandle = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private Path folder;
    private boolean closed;

    public ResultSpools() {
        this(limitFromEnvironment());
    }

    public ResultSpools(long limit) {
        this.limit = limit;
    }

    /** {@code CELLAR_SPOOL_LIMIT} (e.g. {@code 500M}, {@code 20G}) or {@link #DEFAULT_LIMIT}. */
    static long limitFromEnvironment() {
        String value = System.getenv("CELLAR_SPOOL_LIMIT");
        long parsed = value == null || value.isBlank() ? -1 : ByteSize.parse(value, -1);
        return parsed > 0 ? parsed : DEFAULT_LIMIT;
    }

    /**
     * A writer for a new result; kernel thread. Its budget is what the limit leaves after the
     * other cells' spools (the cell's own old one is dropped before it runs), and what the
     * disk has beyond its reserve.
     */
    synchronized TableSpool.Writer start(List<Output.Column> columns, List<String> kinds) throws IOException {
        if (closed) {
            throw new IOException("the kernel is closed");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            folder = Files.createTempDirectory("cellar-tables-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        long used = byCell.values().stream().mapToLong(TableSpool::bytes).sum();
        long underLimit = limit - used;
        long onDisk = Files.getFileStore(folder).getUsableSpace() - RESERVE;
        String why = onDisk < underLimit
                ? "the temp folder's disk keeps " + ByteSize.describe(RESERVE) + " free (" + folder.getParent() + ")"
                : "all SQL results of a notebook kept for paging take at most " + ByteSize.describe(limit)
                + (used > 0 ? ", " + ByteSize.describe(used) + " of it by other cells" : "")
                + " (CELLAR_SPOOL_LIMIT sets it)";
        return TableSpool.writer("sql:" + next.incrementAndGet(), folder, columns, kinds,
                Math.max(0, Math.min(underLimit, onDisk)), why);
    }

    /** The private folder (null before the first spool): for tests. */
    synchronized Path folder() {
        return folder;
    }

    /** The cell's new result replaces its old one. */
    void put(String cellId, TableSpool spool) {
        byHandle.put(spool.handle(), spool);
        TableSpool old = byCell.put(cellId, spool);
        if (old != null) {
            byHandle.remove(old.handle());
            old.close();
        }
    }

    /** The cell runs again (or is gone): its old result goes. */
    public void drop(String cellId) {
        TableSpool old = byCell.remove(cellId);
        if (old != null) {
            byHandle.remove(old.handle());
            old.close();
        }
    }

    /** The spool of that handle, or null. Any thread. */
    public TableSpool get(String handle) {
        return byHandle.get(handle);
    }

    public static boolean isHandle(String handle) {
        return handle != null && handle.startsWith("sql:");
    }

    @Override
    public synchronized void close() {
        closed = true;
        byCell.values().forEach(TableSpool::close);
        byCell.clear();
        byHandle.clear();
        if (folder != null) {
            try (Stream<Path> all = Files.walk(folder)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // left for the system's temp cleaner
            }
            folder = null;
        }
    }
}
