package dev.cellar.daemon.assistant;

import static dev.cellar.daemon.assistant.ScriptedModelServer.call;
import static dev.cellar.daemon.assistant.ScriptedModelServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.ChatSendParams;
import dev.cellar.protocol.method.ChatSendResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The in-daemon assistant shows people where it works: its tool calls set its presence, its turn's end clears it. */
@Timeout(120)
class AssistantPresenceTest {
    @TempDir
    Path dir;

    @Test
    void theAssistantIsPresentOnTheCellItEditsAndRunsAndLeavesWhenItsTurnEnds() throws Exception {
        Path file = dir.resolve("nb.py");
        Files.writeString(file, "# cellar: autorun=false\n\n# %% id=aaaaaa\nx = 1\n");
        Path socket = dir.resolve("cellar.sock");
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        try (ScriptedModelServer model = new ScriptedModelServer();
             Daemon daemon = Daemon.start(socket, new AssistantConfig(model.baseUrl(), "k", "scripted",
                     ApprovalPolicy.AUTO, 10, 100_000, Duration.ofSeconds(30)));
             CellarClient alice = CellarClient.connect(socket, "alice")) {
            alice.onEvent(events::add);
            NotebookSnapshot nb = alice.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                    NotebookSnapshot.class);
            alice.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
            long version = nb.cell("aaaaaa").version();
            model.then(call("c1", "update_cell", "{\"cellId\":\"aaaaaa\",\"code\":\"x = 2\",\"expectedVersion\":" + version + "}"))
                    .then(call("c2", "run_cells", "{\"cellIds\":[\"aaaaaa\"]}"))
                    .then(text("Done."));
            alice.call(Methods.CHAT_SEND, new ChatSendParams(nb.notebookId(), "make x 2 and run it", false),
                    ChatSendResult.class);
            long deadline = System.currentTimeMillis() + 90_000;
            while (events.stream().noneMatch(e -> e.type() == EventType.CHAT_TURN_ENDED)) {
                assertThat(System.currentTimeMillis()).as("the turn ends").isLessThan(deadline);
                Thread.sleep(10);
            }
            List<Event> seen = List.copyOf(events);

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
            assertThat(last.presence()).extracting(PresenceInfo::name).containsExactly("user:alice");
            assertThat(alice.call(Methods.NOTEBOOK_GET, new NotebookParams(nb.notebookId()), NotebookSnapshot.class)
                    .presence()).extracting(PresenceInfo::name).containsExactly("user:alice");
        }
    }

    /** The first presence event in which the assistant does {@code activity} on cell aaaaaa, or -1. */
    private static int indexOf(List<Event> events, PresenceActivity activity) {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.type() == EventType.PRESENCE && e.presence().stream().anyMatch(p -> p.name().equals("assistant")
                    && p.activity() == activity && "aaaaaa".equals(p.cellId()))) {
                return i;
            }
        }
        return -1;
    }
}
