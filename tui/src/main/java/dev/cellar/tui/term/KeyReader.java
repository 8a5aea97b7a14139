package dev.cellar.tui.term;

import com.googlecode.lanterna.input.InputProvider;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Reads keys on a thread of its own, and can be paused so that another program (the
 * person's {@code $EDITOR}) has the terminal's input to itself. A thread blocked in a read
 * of the terminal cannot be taken back: it would take the first keys typed into the editor.
 * So the reader never blocks in a read: it takes what the terminal has ready (Lanterna's
 * {@code pollInput}, which reads only when input is there) and waits a few milliseconds when
 * nothing is, always under a gate that {@link #pause} holds.
 */
public final class KeyReader {
    /**
     * How long the reader waits when no key is ready: short enough that a key is handled
     * within a frame (a typist's key never waits for this), long enough to cost nothing idle.
     */
    static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
    private final InputProvider input;
    private final Object gate = new Object();
    private boolean paused; // guarded by gate
    private volatile boolean stopped;

    public KeyReader(InputProvider input) {
        this.input = input;
    }

    /** Starts the thread: each key goes to {@code onKey}; the end of input (or a failed read) to {@code onEnd}, once. */
    public void start(Consumer<KeyStroke> onKey, Runnable onEnd) {
        Thread t = new Thread(() -> loop(onKey, onEnd), "tui-keys");
        t.setDaemon(true);
        t.start();
    }

    private void loop(Consumer<KeyStroke> onKey, Runnable onEnd) {
        try {
            while (!stopped) {
                KeyStroke key;
                synchronized (gate) {
                    while (paused && !stopped) {
                        gate.wait();
                    }
                    if (stopped) {
                        return;
                    }
                    key = input.pollInput();
                }
                if (key == null) {
                    LockSupport.parkNanos(IDLE_NANOS);
                } else if (key.getKeyType() == KeyType.EOF) {
                    onEnd.run();
                    return;
                } else {
                    onKey.accept(key);
                }
            }
        } catch (IOException e) {
            onEnd.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once the reader is out of the terminal's input; it reads nothing until {@link #resume}. */
    public void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    public void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    public void stop() {
        stopped = true;
        resume();
    }
}
