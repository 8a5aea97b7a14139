package dev.cellar.daemon.assistant;

import java.util.ArrayList;
import java.util.List;

/**
 * A turn's cancel switch. Blocking work registers how to stop itself (close the HTTP
 * stream, interrupt the run it waits for), so a cancel takes effect at once, not at the
 * next check of a flag.
 */
public final class Cancellation {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancel (at once if already cancelled); returns a handle that unregisters it. */
    public Runnable onCancel(Runnable action) {
        boolean now;
        synchronized (this) {
            now = cancelled;
            if (!now) {
                actions.add(action);
            }
        }
        if (now) {
            try {
                action.run();
            } catch (RuntimeException e) {
                System.getLogger("cellar.assistant").log(System.Logger.Level.DEBUG, "cancel action failed", e);
            }
        }
        return () -> {
            synchronized (this) {
                actions.remove(action);
            }
        };
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // closing an HTTP stream from another thread may complain after it has closed it
                System.getLogger("cellar.assistant").log(System.Logger.Level.DEBUG, "cancel action failed", e);
            }
        }
    }
}
