package dev.cellar.daemon.sql;

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
 */
public final class ResultSpools implements AutoCloseable {
    private final Map<String, TableSpool> byCell = new ConcurrentHashMap<>();
    private final Map<String, TableSpool> byHandle = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private Path folder;
    private boolean closed;

    /** A writer for a new result of {@code cellId}; kernel thread. */
    synchronized TableSpool.Writer start(List<Output.Column> columns, List<String> kinds) throws IOException {
        if (closed) {
            throw new IOException("the kernel is closed");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            folder = Files.createTempDirectory("cellar-tables-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return TableSpool.writer("sql:" + next.incrementAndGet(), folder, columns, kinds);
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
