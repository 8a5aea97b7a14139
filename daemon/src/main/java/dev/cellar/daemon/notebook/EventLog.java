package dev.cellar.daemon.notebook;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers a notebook's events (gap-free {@code seq}), keeps the recent ones for clients
 * that reconnect, and fans them out. Used only on the notebook's command loop, so every
 * subscriber sees every event in seq order.
 */
final class EventLog {
    private final String notebookId;
    private final int capacity;
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private long seq;

    EventLog(String notebookId, int capacity) {
        this.notebookId = notebookId;
        this.capacity = capacity;
    }

    long seq() {
        return seq;
    }

    Event publish(Event.Builder builder) {
        Event event = builder.build(notebookId, ++seq);
        recent.addLast(event);
        if (recent.size() > capacity) {
            recent.removeFirst();
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
    long subscribe(Subscriber subscriber, Long sinceSeq) {
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

    void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }
}
