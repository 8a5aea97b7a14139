package dev.cellar.daemon;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The events a test's client has received, and waiting on them: every event wakes the
 * {@link Await}, so a wait ends as soon as what it waits for has arrived (no polling
 * interval, one patience for every test). Conditions that ask the daemon (a snapshot) are
 * re-checked at each event, as every change of a notebook comes with one.
 */
public final class ClientEvents {
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Await await = new Await();

    /** Collects what {@code client} receives from now on. */
    public ClientEvents attach(CellarClient client) {
        client.onEvent(e -> {
            events.add(e);
            await.wake();
        });
        return this;
    }

    public List<Event> list() {
        return events;
    }

    public List<EventType> types() {
        return events.stream().map(Event::type).toList();
    }

    public void clear() {
        events.clear();
    }

    /** The first event so far that is {@code wanted}, waiting for one to come. */
    public Event first(String what, Predicate<Event> wanted) {
        try {
            return await.until(what, () -> events.stream().filter(wanted).findFirst().orElse(null), e -> e != null);
        } catch (AssertionError notYet) {
            throw new AssertionError(notYet.getMessage() + "; events: " + types(), notYet);
        }
    }

    /** Waits until {@code condition} holds, re-checked at every event. */
    public void until(String what, Await.Check condition) {
        await.until(what, condition);
    }

    /** Waits until {@code done} accepts what {@code probe} returns (e.g. a cell from a snapshot), and returns it. */
    public <T> T until(String what, Await.Probe<T> probe, Predicate<T> done) {
        return await.until(what, probe, done);
    }
}
