package dev.cellar.daemon.event;

import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.model.Output;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces a running cell's output deltas: a cell printing line by line sends one event
 * per {@link #DELAY_MILLIS} (or per {@link #MAX_CHARS} of text), not one per line, which
 * would flood clients and push everything else out of the event log. The session calls
 * {@link #flush} before any other event and before any read, so order and snapshots hold.
 * Used only on the notebook's command loop.
 */
public final class OutputDeltas {
    static final int MAX_CHARS = 64 * 1024;
    static final long DELAY_MILLIS = 20;

    private final EventLog events;
    private final ScheduledExecutorService timers;
    private final Executor loop;
    private final StringBuilder text = new StringBuilder();
    private String cellId;
    private String stream;
    private boolean scheduled;

    public OutputDeltas(EventLog events, ScheduledExecutorService timers, Executor loop) {
        this.events = events;
        this.timers = timers;
        this.loop = loop;
    }

    public void add(String cell, String streamName, String chunk) {
        if (!text.isEmpty() && (!cell.equals(cellId) || !streamName.equals(stream))) {
            flush();
        }
        cellId = cell;
        stream = streamName;
        text.append(chunk);
        if (text.length() >= MAX_CHARS) {
            flush();
        } else if (!scheduled) {
            scheduled = true;
            timers.schedule(this::flushOnLoop, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public void flush() {
        scheduled = false;
        if (text.isEmpty()) {
            return;
        }
        String delta = text.toString();
        text.setLength(0);
        String cell = cellId;
        Output.Stream chunk = new Output.Stream(stream, delta);
        events.publish(EventLog.event(Origin.KERNEL, m -> new Event.CellOutput(m, cell, chunk)));
    }

    private void flushOnLoop() {
        try {
            loop.execute(this::flush);
        } catch (RejectedExecutionException closed) {
            // the notebook closed, after publishing what was pending then
        }
    }
}
