package dev.cellar.daemon.notebook;

import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.store.FileWatcher;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The daemon's open notebooks: one session per file, however many clients open it. */
public final class Notebooks implements AutoCloseable {
    private final SessionServices services;
    private final Map<Path, NotebookSession> byPath = new ConcurrentHashMap<>();
    private final Map<String, NotebookSession> byId = new ConcurrentHashMap<>();
    private final Map<Path, CompletableFuture<Void>> closing = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final ExecutorService opener = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "notebook-open");
        t.setDaemon(true);
        return t;
    });

    /** The open notebooks' files, watched for changes by other programs (null where the platform cannot watch). */
    private final FileWatcher watcher = startWatcher();

    public Notebooks(SessionServices services) {
        this.services = services;
    }

    private static FileWatcher startWatcher() {
        try {
            return new FileWatcher();
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger("cellar").log(System.Logger.Level.WARNING,
                    "cannot watch notebook files for outside changes: " + e.getMessage());
            return null;
        }
    }

    /**
     * The file's session, opened if need be. While the file's previous session is still
     * closing (committing its last edits), the new one opens after it, so it reads them. Only
     * files that are notebooks open ({@link NotebookDoor}); the refusal says why.
     */
    public CompletableFuture<NotebookSession> open(String path, boolean create) {
        Path file = canonical(path);
        NotebookSession open = byPath.get(file);
        if (open != null && create && !Files.exists(file)) {
            // cellar new or import over a notebook whose file went away while it was open: never
            // hand back the old cells as if the notebook were new (an import would append to them)
            throw new RpcException(ErrorCode.NOTEBOOK_IO, file.getFileName() + " is still open in the daemon, though its"
                    + " file is gone: close it first (cellar close " + file + "), or bring it back (cellar save " + file + ")");
        }
        if (open != null) {
            return CompletableFuture.completedFuture(open);
        }
        // reading and analysing a file takes a while: never on the caller's (network) thread
        CompletableFuture<Void> previous = closing.getOrDefault(file, CompletableFuture.completedFuture(null));
        return previous.thenApplyAsync(v -> openNow(path, file, create), opener);
    }

    private NotebookSession openNow(String requested, Path file, boolean create) {
        return byPath.computeIfAbsent(file, p -> {
            NotebookDoor.check(requested, p, services.interpreters().secrets(), services.store());
            NotebookSession session = NotebookSession.open("nb" + counter.incrementAndGet(), p, create, services);
            byId.put(session.id(), session);
            if (watcher != null) {
                try {
                    watcher.watch(p, session::fileChanged);
                    watchData(session, p);
                } catch (IOException e) {
                    System.getLogger("cellar").log(System.Logger.Level.WARNING,
                            "cannot watch " + p + " for outside changes: " + e.getMessage());
                }
            }
            return session;
        });
    }

    /** The other files of the notebook's folder, and of the folders its SQL cells read from, are its data. */
    private void watchData(NotebookSession session, Path file) {
        session.onDataFoldersChanged(watcher::dataFoldersChanged);
        watcher.watchNeighbours(file, session::folderFileChanged, session::dataFolders);
    }

    public NotebookSession get(String notebookId) {
        if (notebookId == null) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "notebookId is required");
        }
        NotebookSession session = byId.get(notebookId);
        if (session == null) {
            throw new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND, "no open notebook " + notebookId
                    + " (open it with notebook.open first)");
        }
        return session;
    }

    /** Completes when the session has closed; never waits itself (it is called on network threads). */
    public CompletableFuture<Void> close(String notebookId) {
        NotebookSession session = get(notebookId);
        byId.remove(notebookId);
        Path file = session.path();
        CompletableFuture<Void> done = new CompletableFuture<>();
        closing.put(file, done);
        byPath.remove(file);
        if (watcher != null) {
            watcher.unwatch(file);
        }
        session.closeAsync().whenComplete((v, e) -> {
            closing.remove(file, done);
            done.complete(null);
        });
        return done;
    }

    /**
     * {@code notebook.save} to another path: checked as a new notebook is ({@link NotebookDoor}),
     * refused where another open notebook lives; the session moves there, and so does its watch.
     */
    public CompletableFuture<NotebookSnapshot> saveAs(NotebookSession session, Origin origin, String path) {
        Path to = canonical(path);
        NotebookSession other = byPath.get(to);
        if (other != null && other != session) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, to + " is another notebook open in the daemon: not overwritten");
        }
        NotebookDoor.check(path, to, services.interpreters().secrets(), services.store()); // a .py, never a secret
        Path from = session.path();
        return session.submit(origin, new Command.SaveFile(to)).thenApply(snapshot -> {
            if (!session.path().equals(from)) {
                byPath.remove(from, session);
                byPath.put(session.path(), session);
                if (watcher != null) {
                    watcher.unwatch(from);
                    try {
                        watcher.watch(session.path(), session::fileChanged);
                        watchData(session, session.path());
                    } catch (IOException e) {
                        System.getLogger("cellar").log(System.Logger.Level.WARNING,
                                "cannot watch " + session.path() + " for outside changes: " + e.getMessage());
                    }
                }
            }
            return snapshot;
        });
    }

    public List<NotebookSession> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The real path a request's {@code path} names (links resolved; for a file not there yet,
     * its folder's real path and its name), or the refusal of a path that cannot be one.
     */
    public static Path canonical(String path) {
        if (path == null || path.isBlank()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "path is required");
        }
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "path must be absolute: " + path);
        }
        try {
            if (Files.exists(p)) {
                return p.toRealPath();
            }
            Path parent = p.normalize().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new RpcException(ErrorCode.NOTEBOOK_NOT_FOUND, "no folder " + parent + " for notebook " + path);
            }
            return parent.toRealPath().resolve(p.getFileName());
        } catch (IOException e) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, "cannot resolve " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        for (NotebookSession s : all()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                System.getLogger("cellar").log(System.Logger.Level.WARNING, "closing " + s.path() + " failed", e);
            }
        }
        byId.clear();
        byPath.clear();
        opener.shutdown();
        if (watcher != null) {
            watcher.close();
        }
    }
}
