package dev.cellar.daemon.event;

import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.model.OutputBudget;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.Output;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers a notebook's events (gap-free {@code seq}), keeps the recent ones for clients
 * that reconnect, and fans them out. Used only on the notebook's command loop, so every
 * subscriber sees every event in seq order.
 */
public final class EventLog {
    private final String notebookId;
    private final int capacity;
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private long seq;
    private long keptChars;

    /** Past this much text in the kept events, the oldest go (a client that missed them resyncs). */
    static final long MAX_KEPT_CHARS = 32L << 20;

    /** An event this origin caused (its actor, the request it answers), made once the log numbers it. */
    public static Draft event(Origin origin, java.util.function.Function<Event.Meta, Event> make) {
        return new Draft(origin.actor(), origin.requestId(), make);
    }

    public EventLog(String notebookId, int capacity) {
        this.notebookId = notebookId;
        this.capacity = capacity;
    }

    public long seq() {
        return seq;
    }

    public Event publish(Draft draft) {
        Event event = draft.stamp(notebookId, seq + 1); // numbered once made: a draft that fails leaves no gap
        seq++;
        recent.addLast(event);
        keptChars += weight(event);
        // by count and by size: events carrying big cells must not make the log hold gigabytes
        while (recent.size() > capacity || (keptChars > MAX_KEPT_CHARS && recent.size() > 1)) {
            keptChars -= weight(recent.removeFirst());
        }
        for (Subscriber s : subscribers) {
            s.deliver(event);
        }
        return event;
    }

    /**
     * Adds a subscriber; with {@code sinceSeq}, first replays what it missed, or sends it a
     * {@code resync} when those events are no longer kept. Returns the seq it starts after.
     */
    public long subscribe(Subscriber subscriber, Long sinceSeq) {
        if (sinceSeq != null && sinceSeq < seq) {
            long oldestKept = recent.isEmpty() ? seq + 1 : recent.getFirst().seq();
            if (sinceSeq + 1 >= oldestKept) {
                for (Event e : recent) {
                    if (e.seq() > sinceSeq) {
                        subscriber.deliver(e);
                    }
                }
            } else {
                subscriber.deliver(new Event.Resync(new Event.Meta(notebookId, seq, "daemon", null)));
            }
        }
        if (!subscribers.contains(subscriber)) {
            subscribers.add(subscriber);
        }
        return seq;
    }

    /** About how much text an event holds: its cell's code and outputs, or its output delta. */
    static long weight(Event event) {
        long chars = 64;
        return switch (event) {
            case Event.CellState s -> chars + weight(s.cell());
            case Event.CellUpdated u -> chars + weight(u.cell());
            case Event.CellCreated c -> chars + weight(c.cell());
            case Event.CellOutput o -> chars + OutputBudget.textLength(o.output());
            default -> chars;
        };
    }

    private static long weight(CellInfo cell) {
        long chars = cell.code() == null ? 0 : cell.code().length();
        for (Output o : cell.outputs()) {
            chars += OutputBudget.textLength(o);
        }
        return chars;
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }
}
