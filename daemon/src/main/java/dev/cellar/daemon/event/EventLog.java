package dev.cellar.daemon.event;

import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.model.OutputBudget;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
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

    /** An event of this type made for this origin: its actor and the request it answers. */
    public static Event.Builder event(EventType type, Origin origin) {
        return Event.of(type).actor(origin.actor()).requestId(origin.requestId());
    }

    public EventLog(String notebookId, int capacity) {
        this.notebookId = notebookId;
        this.capacity = capacity;
    }

    public long seq() {
        return seq;
    }

    public Event publish(Event.Builder builder) {
        Event event = builder.build(notebookId, ++seq);
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
                subscriber.deliver(Event.of(EventType.RESYNC).build(notebookId, seq));
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
        if (event.cell() != null) {
            chars += event.cell().code() == null ? 0 : event.cell().code().length();
            for (Output o : event.cell().outputs()) {
                chars += OutputBudget.textLength(o);
            }
        }
        return event.output() == null ? chars : chars + OutputBudget.textLength(event.output());
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }
}
