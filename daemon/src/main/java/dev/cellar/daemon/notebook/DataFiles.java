package dev.cellar.daemon.notebook;

import dev.cellar.daemon.event.EventLog;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.run.ActiveRun;
import dev.cellar.daemon.run.RunOptions;
import dev.cellar.daemon.sql.SqlReads;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Files as dependencies of the SQL cells that read them ({@code FROM 'sales.csv'},
 * {@code read_parquet('…')}, found by {@link SqlReads}): when the file watcher sees such a
 * file of the notebook's folder change, those cells and their descendants become stale, and
 * the cells that had run their current code run again when autorun is on, through the
 * command loop like any edit. Nothing loops: the notebook, {@code .cellar/} and the
 * notebook's DuckDB file are never data; a file any SQL cell of the notebook writes
 * ({@code COPY … TO}) is that cell's output, not an input; and a file that changes again
 * while (or within {@link #ECHO_NANOS} after) the run its change started (a cell downstream
 * wrote it) only marks its readers stale. Loop only.
 */
final class DataFiles {
    static final long ECHO_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int CACHE = 512;
    /** Enough for any notebook's data; a limit because each folder is one inotify watch of the user's. */
    static final int MAX_FOLDERS = 64;

    private final NotebookSession session;
    private final Origin origin;
    private final Map<String, SqlReads.Reads> reads = new HashMap<>();
    private final Map<Path, ActiveRun> runs = new HashMap<>();
    private final Map<Path, Long> ended = new ConcurrentHashMap<>();
    /** The folders besides the notebook's own that hold files its SQL cells name; written on the loop, read by the watcher. */
    private volatile Set<Path> folders = Set.of();
    private volatile Runnable foldersChanged = () -> { };

    DataFiles(NotebookSession session, Origin origin) {
        this.session = session;
        this.origin = origin;
    }

    void changed(Path file) {
        refreshFolders(); // a folder the cells name may just have been made
        Notebook nb = session.notebook();
        Path notebookFile = nb.path().toAbsolutePath();
        Path folder = notebookFile.getParent();
        if (ignored(notebookFile, file.toAbsolutePath().normalize())) {
            return;
        }
        List<Cell> sql = nb.cells().stream().filter(c -> c.kind() == CellKind.SQL).toList();
        if (sql.stream().anyMatch(c -> names(readsOf(c).writes(), folder, file))) {
            return;
        }
        List<String> readers = sql.stream().filter(c -> names(readsOf(c).files(), folder, file)).map(Cell::id).toList();
        if (readers.isEmpty()) {
            return;
        }
        List<String> again = readers.stream().filter(id -> nb.cell(id).map(c -> c.status() == CellStatus.OK
                || c.status() == CellStatus.ERROR).orElse(false)).toList();
        session.markStale(origin, session.graph().withDescendants(readers));
        if (!session.notebook().settings().autorun() || again.isEmpty()) {
            return;
        }
        ActiveRun previous = runs.get(file);
        if (previous != null && (!previous.done().isDone()
                || System.nanoTime() - ended.getOrDefault(file, 0L) < ECHO_NANOS)) {
            String notice = folder.relativize(file)
                    + " changed again during the run its change started (a cell downstream writes it?): the cells reading"
                    + " it are stale and were not run again";
            session.publish(EventLog.event(origin, m -> new Event.NotebookFile(m, notice)));
            return;
        }
        ActiveRun run = session.runner().start(origin, again, RunOptions.AUTOMATIC);
        if (run.cellIds().isEmpty()) {
            return; // held: a server's queries do not autorun, so no run can echo this change
        }
        runs.put(file, run);
        run.done().whenComplete((r, e) -> ended.put(file, System.nanoTime()));
    }

    /** The further folders the file watcher must hear for this notebook's data (see {@link #refreshFolders}). */
    Set<Path> folders() {
        return folders;
    }

    /** Who to tell when {@link #folders()} changed: the file watcher, asking again. */
    void onFoldersChanged(Runnable listener) {
        foldersChanged = listener;
    }

    /**
     * After an edit: the folders of the files the SQL cells name, beyond the notebook's own
     * ({@code data/sales.csv} → {@code data/}; a glob's fixed part, {@code data/2024/*.csv} →
     * {@code data/2024/}). At most {@link #MAX_FOLDERS}, existing folders only; URLs are no
     * folder. Loop only.
     */
    void refreshFolders() {
        Notebook nb = session.notebook();
        Path folder = nb.path().toAbsolutePath().getParent();
        Set<Path> now = new java.util.LinkedHashSet<>();
        for (Cell c : nb.cells()) {
            if (c.kind() != CellKind.SQL) {
                continue;
            }
            for (String n : readsOf(c).files()) {
                Path holding = n.contains("://") ? null : holdingFolder(folder, n);
                if (holding != null && !holding.equals(folder) && now.size() < MAX_FOLDERS
                        && java.nio.file.Files.isDirectory(holding)) {
                    now.add(holding);
                }
            }
        }
        if (!now.equals(folders)) {
            folders = Set.copyOf(now);
            foldersChanged.run();
        }
    }

    /** The folder a file name (or a glob's fixed leading part) lives in. */
    private static Path holdingFolder(Path folder, String name) {
        Path p;
        try {
            p = folder.resolve(name).normalize();
        } catch (java.nio.file.InvalidPathException notAPath) {
            return null;
        }
        Path fixed = p.getRoot();
        for (Path part : p) {
            String s = part.toString();
            if (isGlob(s)) {
                return fixed;
            }
            fixed = fixed == null ? part : fixed.resolve(part);
        }
        return p.getParent();
    }

    /** The notebook, its sidecars and its own database are never a cell's data. */
    private static boolean ignored(Path notebookFile, Path file) {
        Path folder = notebookFile.getParent();
        String name = notebookFile.getFileName().toString().replaceFirst("\\.py$", "");
        return file.equals(notebookFile) || file.startsWith(folder.resolve(".cellar"))
                || file.equals(folder.resolve(name + ".duckdb")) || file.equals(folder.resolve(name + ".duckdb.wal"));
    }

    /** Whether one of the cell's file names (relative to the folder, or absolute; globs too) is {@code file}. */
    private static boolean names(Set<String> names, Path folder, Path file) {
        for (String n : names) {
            if (n.contains("://")) {
                continue;
            }
            Path p = folder.resolve(n).normalize();
            if (p.equals(file.toAbsolutePath().normalize())) {
                return true;
            }
            if (isGlob(n)) {
                try {
                    if (FileSystems.getDefault().getPathMatcher("glob:" + p).matches(file)) {
                        return true;
                    }
                } catch (IllegalArgumentException notAGlob) {
                    // a name with brackets that is no pattern: compared as it is above
                }
            }
        }
        return false;
    }

    /** Whether a name (or one part of it) is a pattern as DuckDB reads file names: {@code *}, {@code ?}, {@code [..]}. */
    private static boolean isGlob(String name) {
        return name.contains("*") || name.contains("?") || name.contains("[");
    }

    private SqlReads.Reads readsOf(Cell cell) {
        if (reads.size() > CACHE) {
            reads.clear();
        }
        return reads.computeIfAbsent(cell.code(), SqlReads::of);
    }
}
