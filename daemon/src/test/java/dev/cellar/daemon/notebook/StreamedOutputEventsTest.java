package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cell printing line by line sends a few coalesced deltas, which add up to exactly its output. */
@org.junit.jupiter.api.Timeout(120)
class StreamedOutputEventsTest {
    @TempDir
    Path dir;

    @Test
    void linesPrintedOneByOneReachClientsInFewEventsInOrderAndWhole() throws Exception {
        Path file = dir.resolve("lines.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        try (TestNotebook nb = new TestNotebook(file)) {
            String cell = nb.add("for _i in range(20_000):\n    print(_i)");
            CellInfo done = nb.runAndWait(cell).cells().getFirst();
            assertThat(done.status()).isEqualTo(CellStatus.OK);

            List<Event> mine = nb.events.stream().filter(e -> cell.equals(e.cellId())).toList();
            List<Event> deltas = mine.stream().filter(e -> e.type() == EventType.CELL_OUTPUT).toList();
            String streamed = deltas.stream().map(e -> ((Output.Stream) ((Event.CellOutput) e).output()).text()).collect(Collectors.joining());
            System.out.printf("20000 printed lines: %d output events%n", deltas.size());
            assertThat(streamed).isEqualTo(TestNotebook.text(done));
            assertThat(deltas.size()).as("coalesced, not one event per line").isLessThan(2_000);
            Event last = mine.getLast();
            assertThat(last.type()).as("every delta comes before the cell's final state").isEqualTo(EventType.CELL_STATE);
            assertThat(((Event.WithCell) last).cell().status()).isEqualTo(CellStatus.OK);
        }
    }
}
