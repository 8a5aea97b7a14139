package dev.cellar.daemon.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static EventLog logWith(int events, int capacity) {
        EventLog log = new EventLog("nb", capacity);
        for (int i = 0; i < events; i++) {
            String cell = "c" + i;
            log.publish(EventLog.event(Origin.KERNEL, m -> new Event.CellMoved(m, cell, 0, 1)));
        }
        return log;
    }

    @Test
    void aClientThatReconnectsGetsExactlyTheEventsItMissedThenTheLiveOnes() {
        EventLog log = logWith(10, 100);
        List<Event> got = new ArrayList<>();
        assertThat(log.subscribe(got::add, 6L)).isEqualTo(10);
        log.publish(EventLog.event(Origin.KERNEL, m -> new Event.CellDeleted(m, "x", 1)));
        assertThat(got).extracting(Event::seq).containsExactly(7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void aClientThatMissedMoreThanIsKeptIsToldToResync() {
        EventLog log = logWith(50, 20);
        List<Event> got = new ArrayList<>();
        log.subscribe(got::add, 5L);
        assertThat(got).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RESYNC);
            assertThat(e.seq()).isEqualTo(50);
        });
    }

    @Test
    void aClientThatIsUpToDateGetsNoReplay() {
        EventLog log = logWith(3, 10);
        List<Event> got = new ArrayList<>();
        log.subscribe(got::add, 3L);
        assertThat(got).isEmpty();
        List<Event> fresh = new ArrayList<>();
        log.subscribe(fresh::add, null);
        assertThat(fresh).isEmpty();
    }

    @Test
    void seqIsGapFree() {
        EventLog log = new EventLog("nb", 5);
        List<Event> got = new ArrayList<>();
        log.subscribe(got::add, null);
        for (int i = 0; i < 100; i++) {
            log.publish(EventLog.event(Origin.KERNEL, m -> new Event.CellDeleted(m, "c", 1)));
        }
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).seq()).isEqualTo(i + 1);
        }
    }

    @Test
    void eventsCarryingBigOutputsAreKeptWithinASizeNotJustACount() {
        EventLog log = new EventLog("nb", 10_000);
        String megabyte = "o".repeat(1 << 20);
        for (int i = 0; i < 200; i++) {
            log.publish(EventLog.event(Origin.KERNEL,
                    m -> new Event.CellOutput(m, "c", new dev.cellar.protocol.model.Output.Stream("stdout", megabyte))));
        }
        List<Event> replayed = new ArrayList<>();
        log.subscribe(replayed::add, 150L);
        assertThat(replayed).as("the last 50 MB are not all kept").singleElement()
                .extracting(Event::type).isEqualTo(EventType.RESYNC);
        List<Event> recent = new ArrayList<>();
        log.subscribe(recent::add, 195L);
        assertThat(recent).extracting(Event::seq).containsExactly(196L, 197L, 198L, 199L, 200L);
    }
}
