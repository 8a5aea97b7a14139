package dev.cellar.daemon.assistant;

import static dev.cellar.daemon.assistant.ScriptedModelServer.call;
import static dev.cellar.daemon.assistant.ScriptedModelServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The in-daemon assistant shows people where it works: its tool calls set its presence, its turn's end clears it. */
@Timeout(120)
class AssistantPresenceTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final AssistantFixture f = new AssistantFixture();

    @Test
    void theAssistantIsPresentOnTheCellItEditsAndRunsAndLeavesWhenItsTurnEnds() throws Exception {
        Path socket = dir.resolve("cellar.sock");
        ScriptedModelServer model = f.start(socket, ApprovalPolicy.AUTO).model;
        NotebookSnapshot nb = f.connect(socket).open(dir.resolve("nb.py"), "# cellar: autorun=false\n\n# %% id=aaaaaa\nx = 1\n");
        long version = nb.cell("aaaaaa").version();
        model.then(call("c1", "update_cell", "{\"cellId\":\"aaaaaa\",\"code\":\"x = 2\",\"expectedVersion\":" + version + "}"))
                .then(call("c2", "run_cells", "{\"cellIds\":[\"aaaaaa\"]}"))
                .then(text("Done."));
        f.send("make x 2 and run it");
        f.awaitEvent(EventType.CHAT_TURN_ENDED);
        List<Event> seen = List.copyOf(f.events);

        int editing = indexOf(seen, PresenceActivity.EDITING);
        int updated = seen.indexOf(seen.stream().filter(e -> e.type() == EventType.CELL_UPDATED).findFirst().orElseThrow());
        int running = indexOf(seen, PresenceActivity.RUNNING);
        assertThat(editing).as("present on the cell before its edit lands").isGreaterThanOrEqualTo(0).isLessThan(updated);
        assertThat(running).isGreaterThan(updated);
        assertThat(seen.get(editing).actor()).isEqualTo("assistant");

        int ended = seen.indexOf(seen.stream().filter(e -> e.type() == EventType.CHAT_TURN_ENDED).findFirst()
                .orElseThrow());
        Event last = seen.stream().filter(e -> e.type() == EventType.PRESENCE).reduce((a, b) -> b).orElseThrow();
        assertThat(seen.indexOf(last)).as("gone before the turn's end is told").isLessThan(ended);
        assertThat(((Event.Presence) last).presence()).extracting(PresenceInfo::name).containsExactly("user:alice");
        assertThat(f.snapshot().presence()).extracting(PresenceInfo::name).containsExactly("user:alice");
    }

    /** The first presence event in which the assistant does {@code activity} on cell aaaaaa, or -1. */
    private static int indexOf(List<Event> events, PresenceActivity activity) {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.type() == EventType.PRESENCE && ((Event.Presence) e).presence().stream().anyMatch(p -> p.name().equals("assistant")
                    && p.activity() == activity && "aaaaaa".equals(p.cellId()))) {
                return i;
            }
        }
        return -1;
    }
}
