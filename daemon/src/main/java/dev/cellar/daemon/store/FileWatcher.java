package dev.cellar.daemon.store;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches the files of open notebooks. It watches their folders, not the files: editors
 * save by writing a temporary file and renaming it over the notebook, and {@code git
 * checkout} replaces files, so the file's own inode would go stale. A change is reported
 * once the file has been quiet for a moment and no process holds it open for writing (a
 * file caught half-written is looked at again shortly after, never reported half); the
 * listener then compares what is there with what it last wrote or read, so the daemon's
 * own saves cost nothing more than that comparison.
 */
public final class FileWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cellar.store");
    /** How long a file must be quiet before it is read: editors write in a few quick steps. */
    static final long QUIET_MILLIS = 30;
    /** How long a writer that keeps the file open is waited for before the file is read anyway. */
    static final long MAX_WAIT_MILLIS = 10_000;

    private final WatchService service;
    private final Map<Path, WatchKey> folders = new HashMap<>();
    private final Map<Path, Runnable> listeners = new ConcurrentHashMap<>();
    /** Per notebook file: who hears of the other files of its folder (the data its SQL cells read). */
    private final Map<Path, java.util.function.Consumer<Path>> neighbours = new ConcurrentHashMap<>();
    /** Per notebook file: the further folders (not its own) holding data its SQL cells read, asked anew on each change. */
    private final Map<Path, Supplier<Set<Path>>> dataFolders = new ConcurrentHashMap<>();
    /** What each notebook's supplier said at the last {@link #dataFoldersChanged()}: read by the watch threads. */
    private final Map<Path, Set<Path>> heard = new ConcurrentHashMap<>();
    private final Map<Path, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "file-watch-timer");
        t.setDaemon(true);
        return t;
    });
    private final Thread thread;

    public FileWatcher() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        thread = new Thread(this::loop, "file-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Calls {@code listener} (on the watcher's timer thread) after {@code file} changed, appeared or went away. */
    public synchronized void watch(Path file, Runnable listener) throws IOException {
        Path folder = file.getParent();
        listeners.put(file, listener);
        if (!folders.containsKey(folder)) {
            folders.put(folder, register(folder));
        }
    }

    private WatchKey register(Path folder) throws IOException {
        return folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    }

    /**
     * Also calls {@code listener} with any other file of {@code file}'s folder that changed,
     * appeared or went away (after the same quiet period): the files its SQL cells may read.
     * The folder itself, and the further folders {@code dataFolders} names (those of the files
     * its SQL cells read: {@code data/sales.csv}); they are asked for again at each
     * {@link #dataFoldersChanged()}. Needs {@link #watch} of the same file.
     */
    public synchronized void watchNeighbours(Path file, java.util.function.Consumer<Path> listener,
                                             Supplier<Set<Path>> dataFolders) {
        neighbours.put(file, listener);
        this.dataFolders.put(file, dataFolders);
        dataFoldersChanged();
    }

    /**
     * The notebook's SQL cells now read files in other folders: watch those and stop watching
     * the ones nobody needs. The supplier is read here, under the lock, so the last call sees
     * the latest answer whatever the order of the calls.
     */
    public synchronized void dataFoldersChanged() {
        Set<Path> needed = new HashSet<>();
        listeners.keySet().forEach(f -> needed.add(f.getParent()));
        Map<Path, Set<Path>> now = new HashMap<>();
        dataFolders.forEach((notebook, supplier) -> {
            Set<Path> those = Set.copyOf(supplier.get());
            now.put(notebook, those);
            needed.addAll(those);
        });
        heard.putAll(now);
        heard.keySet().retainAll(now.keySet());
        for (Path folder : needed) {
            if (!folders.containsKey(folder)) {
                try {
                    folders.put(folder, register(folder));
                } catch (IOException | RuntimeException gone) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot watch " + folder + ": " + gone.getMessage());
                }
            }
        }
        folders.entrySet().removeIf(e -> {
            if (needed.contains(e.getKey())) {
                return false;
            }
            e.getValue().cancel();
            return true;
        });
    }

    /** Whether {@code notebook}'s SQL cells may read files of {@code folder}. */
    private boolean hears(Path notebook, Path folder) {
        return notebook.getParent().equals(folder) || heard.getOrDefault(notebook, Set.of()).contains(folder);
    }

    public synchronized void unwatch(Path file) {
        listeners.remove(file);
        neighbours.remove(file);
        dataFolders.remove(file);
        ScheduledFuture<?> p = pending.remove(file);
        if (p != null) {
            p.cancel(false);
        }
        dataFoldersChanged();
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path folder = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    listeners.keySet().stream().filter(f -> f.getParent().equals(folder)).forEach(this::changed);
                } else if (event.context() instanceof Path name) {
                    Path file = folder.resolve(name);
                    if (listeners.containsKey(file) || neighbours.keySet().stream().anyMatch(f -> hears(f, folder))) {
                        changed(file);
                    }
                }
            }
            key.reset();
        }
    }

    /** Restarts the quiet period of {@code file}. */
    private void changed(Path file) {
        long firstSeen = System.nanoTime();
        pending.compute(file, (f, old) -> {
            if (old != null) {
                old.cancel(false);
            }
            return timer.schedule(() -> settle(f, firstSeen), QUIET_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    private void settle(Path file, long firstSeen) {
        boolean waitedLongEnough = System.nanoTime() - firstSeen > TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        if (!waitedLongEnough && OpenWriters.anyFor(file)) {
            pending.put(file, timer.schedule(() -> settle(file, firstSeen), QUIET_MILLIS, TimeUnit.MILLISECONDS));
            return;
        }
        pending.remove(file);
        Runnable listener = listeners.get(file);
        try {
            if (listener != null) {
                listener.run();
            } else {
                neighbours.forEach((notebook, heard) -> {
                    if (hears(notebook, file.getParent())) {
                        heard.accept(file);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handling a change of " + file + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // closing: nothing more to watch
        }
        timer.shutdownNow();
    }

}
