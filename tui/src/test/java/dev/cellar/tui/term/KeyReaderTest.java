package dev.cellar.tui.term;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.InputProvider;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The key reader lets go of the terminal's input while paused: an editor run meanwhile gets every key. */
class KeyReaderTest {

    /** A terminal's input: keys typed into a queue; counts the reads, and fails a test that reads while it should not. */
    private static final class Typed implements InputProvider {
        final BlockingQueue<KeyStroke> typed = new LinkedBlockingQueue<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean lent = new AtomicBoolean();
        final AtomicBoolean readWhileLent = new AtomicBoolean();

        @Override
        public KeyStroke pollInput() {
            reads.incrementAndGet();
            if (lent.get()) {
                readWhileLent.set(true);
            }
            return typed.poll();
        }

        @Override
        public KeyStroke readInput() {
            throw new AssertionError("a blocking read cannot be taken back from an editor");
        }
    }

    @Test
    void aPausedReaderReadsNothingUntilResumed() throws Exception {
        Typed input = new Typed();
        KeyReader reader = new KeyReader(input);
        BlockingQueue<KeyStroke> got = new LinkedBlockingQueue<>();
        AtomicBoolean ended = new AtomicBoolean();
        reader.start(got::add, () -> ended.set(true));
        try {
            input.typed.add(new KeyStroke('a', false, false));
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo(new KeyStroke('a', false, false));

            reader.pause();
            input.lent.set(true); // the editor has the terminal now
            input.typed.add(new KeyStroke('b', false, false));
            int before = input.reads.get();
            // the reader goes round its loop every few milliseconds: many rounds' worth of waiting shows none happened
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).as("a key typed while paused is the editor's").isNull();
            assertThat(input.reads.get()).isEqualTo(before);
            input.lent.set(false);
            input.typed.clear(); // the editor read it

            reader.resume();
            input.typed.add(new KeyStroke('c', false, false));
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo(new KeyStroke('c', false, false));
            assertThat(input.readWhileLent).isFalse();

            input.typed.add(new KeyStroke(KeyType.EOF));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ended.get() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ended).as("the end of input ends the reader").isTrue();
        } finally {
            reader.stop();
        }
    }
}
