package dev.cellar.daemon;

import dev.cellar.daemon.event.Subscriber;
import dev.cellar.protocol.event.Event;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Waits for a condition, woken by events instead of polling: subscribe it to a session
 * ({@code new Command.Subscribe(await, null)}) and every event re-checks the condition; other
 * sources of change (a test kernel) call {@link #wake}. The condition is checked on the
 * test's thread, never on the loop, so it may query the session. A missed wake-up is
 * impossible: the condition is re-checked whenever anything happened since it was last
 * checked, and at the latest every {@link #RECHECK} as a safety net.
 */
public final class Await implements Subscriber {
    /** How long any test waits before it fails: room for a loaded CI machine, the same everywhere. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration RECHECK = Duration.ofSeconds(1);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Duration patience;
    private long changes;

    public Await() {
        this(PATIENCE);
    }

    public Await(Duration patience) {
        this.patience = patience;
    }

    @Override
    public void deliver(Event event) {
        wake();
    }

    /** Something the condition may depend on changed. Any thread; never blocks for long. */
    public void wake() {
        lock.lock();
        try {
            changes++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code condition} holds; fails the test naming {@code what} after the patience. */
    public void until(String what, Check condition) {
        until(what, condition::holds, ok -> ok);
    }

    /** Waits until {@code done} accepts what {@code probe} returns, and returns it. */
    public <T> T until(String what, Probe<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = changes;
            } finally {
                lock.unlock();
            }
            T value;
            try {
                value = probe.get();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("while waiting for " + what, e);
            }
            if (done.test(value)) {
                return value;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + patience.toMillis() + " ms for " + what + "; last seen: " + value);
            }
            lock.lock();
            try {
                if (changes == seen) {
                    changed.await(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until {@code condition} holds where nothing can wake the wait (a process, a file,
     * a server's request log): checked every 10 ms, with the same patience as every wait.
     */
    public static void poll(String what, Check condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (!condition.holds()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("waited " + PATIENCE.toSeconds() + " s in vain for " + what);
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("while waiting for " + what, e);
        }
    }

    /** A condition that may ask the daemon (and so throw). */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** A value to wait on that may come from the daemon (and so throw). */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }
}
