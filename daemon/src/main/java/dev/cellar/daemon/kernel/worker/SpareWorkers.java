package dev.cellar.daemon.kernel.worker;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * CPython workers started ahead of need, so a batch run that restarts its notebook's kernel
 * (every {@code cellar run}) does not wait for a Python to start and import the worker. A
 * spare is a worker that has said hello and run nothing: the same launch (interpreter, boot
 * frame with the notebook's folder and settings) and environment as the kernel that takes it,
 * so taking one is the same as starting one. One spare per launch, at most {@link #MAX} in all
 * (the oldest is stopped); a spare dies with the daemon (worker.py watches its parent). Only
 * CPython workers: a GraalPy worker is a JVM, too heavy to keep idle.
 *
 * <p>A confined worker's launch names its notebook's folder (the one place it may write), the
 * secrets it may not read and its mechanism, and its environment is the allow list plus the
 * notebook's {@code env=} names: so its spare, which confines itself as it starts, exactly as the
 * kernel's own worker would, is only ever taken by a kernel with the same rights (a notebook of that
 * folder with the same settings: the rights are the folder's, nothing in a spare is a notebook's). It starts with a private temp folder of its own ({@link PrivateTemp}), which the kernel
 * that takes it adopts (and removes with itself); a spare stopped unused removes its folder.
 */
final class SpareWorkers {
    /**
     * Spares kept at once (each is a keeper and a worker process, see README for the memory):
     * {@code CELLAR_SPARE_WORKERS} in the daemon's environment, 4 by default, 0 for none.
     */
    static final int MAX = max(System.getenv("CELLAR_SPARE_WORKERS"));
    private static final System.Logger LOG = System.getLogger("cellar.worker");

    private record Key(WorkerLaunch launch, Map<String, String> environment) {
    }

    /** A started spare: its process and, for a confined one, the private temp folder it started with. */
    record Spare(WorkerProcess process, PrivateTemp temp) {
        void close() {
            process.close();
            if (temp != null) {
                temp.delete();
            }
        }
    }

    private static final Map<Key, CompletableFuture<Spare>> SPARES = new LinkedHashMap<>();

    private SpareWorkers() {
    }

    /** Starts a spare for this launch in the background, unless one is there or starting; any thread. */
    static void prepare(WorkerLaunch launch, Map<String, String> environment) {
        if (MAX == 0) {
            return;
        }
        Key key = new Key(launch, Map.copyOf(environment));
        CompletableFuture<Spare> started;
        synchronized (SPARES) {
            if (SPARES.containsKey(key)) {
                return;
            }
            started = new CompletableFuture<>();
            SPARES.put(key, started);
            while (SPARES.size() > MAX) {
                Iterator<CompletableFuture<Spare>> oldest = SPARES.values().iterator();
                CompletableFuture<Spare> gone = oldest.next();
                oldest.remove();
                gone.thenAccept(Spare::close);
            }
        }
        Thread.ofPlatform().daemon().name("spare-worker").start(() -> {
            PrivateTemp temp = launch.sandbox() != null ? new PrivateTemp() : null;
            try {
                Map<String, String> env = temp != null ? temp.around(key.environment()) : key.environment();
                started.complete(new Spare(WorkerProcess.start(launch, env), temp));
            } catch (IOException | RuntimeException e) {
                if (temp != null) {
                    temp.delete();
                }
                LOG.log(System.Logger.Level.DEBUG, "no spare worker: " + e.getMessage());
                started.completeExceptionally(e);
                synchronized (SPARES) {
                    SPARES.remove(key, started);
                }
            }
        });
    }

    /**
     * The spare for this launch, taken (it is no longer a spare; a confined one's temp folder is
     * the taker's to adopt), or null when there is none or it is gone. A spare still starting is
     * waited for: it is further along than a new one would be.
     */
    static Spare take(WorkerLaunch launch, Map<String, String> environment) {
        CompletableFuture<Spare> spare;
        synchronized (SPARES) {
            spare = SPARES.remove(new Key(launch, Map.copyOf(environment)));
        }
        if (spare == null) {
            return null;
        }
        try {
            Spare s = spare.get(30, TimeUnit.SECONDS);
            if (s.process().isAlive()) {
                return s;
            }
            s.close();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            spare.thenAccept(Spare::close);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spare.thenAccept(Spare::close);
            return null;
        }
    }

    private static int max(String setting) {
        try {
            return setting == null || setting.isBlank() ? 4 : Math.max(0, Integer.parseInt(setting.strip()));
        } catch (NumberFormatException e) {
            return 4;
        }
    }

    /** Spares kept or starting now (tests). */
    static int count() {
        synchronized (SPARES) {
            return SPARES.size();
        }
    }

    /** Stops every spare (tests, and a daemon that shuts down). */
    static void closeAll() {
        synchronized (SPARES) {
            SPARES.values().forEach(f -> f.thenAccept(Spare::close));
            SPARES.clear();
        }
    }
}
