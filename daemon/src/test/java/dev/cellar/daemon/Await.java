package dev.cellar.daemon;

import dev.cellar.daemon.notebook.Subscriber;
import dev.cellar.protocol.event.Event;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition, woken by events instead of polling: subscribe it to a session
 * ({@code new Command.Subscribe(await, null)}) and every event re-checks the condition; other
 * sources of change (a test kernel) call {@link #wake}. The condition is checked on the
 * test's thread, never on the loop, so it may query the session. A missed wake-up is
 * impossible: the condition is re-checked whenever anything happened since it was last
 * checked, and at the latest every {@link #RECHECK} as a safety net.
 */
public final class Await implements Subscriber {
    private static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(30);
    private static final Duration RECHECK = Duration.ofSeconds(1);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Duration patience;
    private long changes;

    public Await() {
        this(DEFAULT_PATIENCE);
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
    public void until(String what, java.util.function.BooleanSupplier condition) {
        until(what, condition::getAsBoolean, ok -> ok);
    }

    /** Waits until {@code done} accepts what {@code probe} returns, and returns it. */
    public <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = changes;
            } finally {
                lock.unlock();
            }
            T value = probe.get();
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
}
