package dev.cellar.daemon.notebook;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * A notebook's command loop: one thread draining a queue. After each burst of commands
 * (the queue ran empty, or {@link #MAX_BURST} commands ran) it calls the burst hook, which
 * is where the session makes the burst's edits durable with one write: group commit.
 */
final class CommandLoop implements Executor {
    /** Bounds how long an edit can wait for its save while commands keep arriving. */
    static final int MAX_BURST = 128;

    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Runnable endOfBurst;
    private volatile boolean closed;

    CommandLoop(String name, Runnable endOfBurst) {
        this.endOfBurst = endOfBurst;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable command) {
        if (closed) {
            throw new RejectedExecutionException("the notebook's command loop has stopped");
        }
        queue.add(command);
    }

    /**
     * Whether the caller runs on this loop. State the loop owns is written only there:
     * mutators assert it (enabled in tests, as Netty asserts {@code inEventLoop()}).
     */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops after the commands already queued. */
    void shutdown() {
        closed = true;
        queue.add(STOP);
    }

    private void loop() {
        int burst = 0;
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                runSafely(endOfBurst);
                return;
            }
            runSafely(task);
            if (++burst >= MAX_BURST || queue.isEmpty()) {
                burst = 0;
                runSafely(endOfBurst);
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // a failing command must not stop the notebook; its caller was told through its future
            System.getLogger("cellar.notebook").log(System.Logger.Level.ERROR, "command failed", e);
        }
    }
}
