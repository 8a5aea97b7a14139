package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Await;
import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.DaemonInfo;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.PresenceResult;
import dev.cellar.protocol.method.PresenceUpdateParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who is attached to a notebook, over the real socket: people's clients and an agent see
 * each other arrive, edit and leave, in events and in snapshots, and a client whose
 * connection drops is gone from presence at once.
 */
@Timeout(120)
class PresenceTest {
    @TempDir
    Path dir;
    Path socket;
    Daemon daemon;
    String file;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("run").resolve("cellar.sock");
        daemon = Daemon.start(socket);
        Path nb = dir.resolve("nb.py");
        Files.writeString(nb, "# cellar: autorun=false\n\n# %% id=aaaaaa\nx = 1\n\n# %% id=bbbbbb\ny = x\n");
        file = nb.toString();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        daemon.close();
    }

    /** A client of this name that has the notebook open and subscribed; its events go to {@code events}. */
    record Attached(CellarClient client, String notebookId, List<Event> events) {
        /** The newest presence event, or null. */
        Event lastPresence() {
            synchronized (events) {
                for (int i = events.size() - 1; i >= 0; i--) {
                    if (events.get(i).type() == EventType.PRESENCE) {
                        return events.get(i);
                    }
                }
            }
            return null;
        }

        /** Waits until the newest presence event says {@code what}, and returns it. */
        Event awaitPresence(Predicate<List<PresenceInfo>> what) {
            Await.poll("such a presence event", () -> lastPresence() != null && what.test(((Event.Presence) lastPresence()).presence()));
            return lastPresence();
        }
    }

    Attached attach(String name) throws IOException {
        CellarClient c = CellarClient.connect(socket, name);
        open.add(c);
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        c.onEvent(events::add);
        NotebookSnapshot nb = c.call(Methods.NOTEBOOK_OPEN, new OpenParams(file, false), NotebookSnapshot.class);
        c.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
        return new Attached(c, nb.notebookId(), events);
    }

    static List<String> names(List<PresenceInfo> presence) {
        return presence.stream().map(PresenceInfo::name).toList();
    }

    static PresenceInfo entry(List<PresenceInfo> presence, String name) {
        return presence.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void twoPeopleAndAnAgentSeeEachOtherInEventsAndSnapshots() throws Exception {
        Attached alice = attach("alice");
        Attached bob = attach("bob");
        Attached agent = attach("agent:claude-code");
        String nb = agent.notebookId();

        PresenceResult mine = agent.client().call(Methods.PRESENCE_UPDATE,
                new PresenceUpdateParams(nb, "aaaaaa", PresenceActivity.EDITING), PresenceResult.class);
        assertThat(names(mine.presence())).containsExactly("user:alice", "user:bob", "agent:claude-code");
        assertThat(entry(mine.presence(), "agent:claude-code").clientId()).isEqualTo(mine.clientId());

        // each client hears it as an event, the agent named as the actor
        for (Attached who : List.of(alice, bob, agent)) {
            Event e = who.awaitPresence(p -> p.stream().anyMatch(i -> "aaaaaa".equals(i.cellId())));
            assertThat(e.actor()).isEqualTo("agent:claude-code");
            assertThat(names(((Event.Presence) e).presence())).containsExactly("user:alice", "user:bob", "agent:claude-code");
            PresenceInfo editing = entry(((Event.Presence) e).presence(), "agent:claude-code");
            assertThat(editing.activity()).isEqualTo(PresenceActivity.EDITING);
            assertThat(editing.since()).isPositive();
            assertThat(entry(((Event.Presence) e).presence(), "user:alice").activity()).isEqualTo(PresenceActivity.VIEWING);
        }
        assertThat(alice.events()).extracting(Event::type).contains(EventType.PRESENCE);

        // a client that opens the notebook now sees who is there in its snapshot
        try (CellarClient late = CellarClient.connect(socket, "carol")) {
            NotebookSnapshot snap = late.call(Methods.NOTEBOOK_OPEN, new OpenParams(file, false), NotebookSnapshot.class);
            assertThat(names(snap.presence())).containsExactly("user:alice", "user:bob", "agent:claude-code");
            assertThat(entry(snap.presence(), "agent:claude-code").cellId()).isEqualTo("aaaaaa");
            assertThat(snap.presence()).extracting(PresenceInfo::clientId).doesNotHaveDuplicates();
        }

        // bob starts running the other cell; the agent's edit carries its name as the actor
        bob.client().call(Methods.PRESENCE_UPDATE, new PresenceUpdateParams(nb, "bbbbbb", PresenceActivity.RUNNING),
                PresenceResult.class);
        agent.awaitPresence(p -> entry(p, "user:bob").activity() == PresenceActivity.RUNNING
                && "bbbbbb".equals(entry(p, "user:bob").cellId()));
        agent.client().call(Methods.CELL_UPDATE, new UpdateCellParams(nb, "aaaaaa", "x = 2", 1L), CellResult.class);
        Await.poll("alice sees the update", () -> alice.events().stream().anyMatch(e -> e.type() == EventType.CELL_UPDATED));
        assertThat(alice.events().stream().filter(e -> e.type() == EventType.CELL_UPDATED).findFirst().orElseThrow()
                .actor()).isEqualTo("agent:claude-code");

        // the same presence for `cellar ls`
        DaemonInfo info = alice.client().call(Methods.DAEMON_INFO, null, DaemonInfo.class);
        assertThat(names(info.notebooks().getFirst().clients())).containsExactly("user:alice", "user:bob",
                "agent:claude-code");
    }

    @Test
    void anAgentsEditsAndRunsSayWhereItWorksBeforeTheyLand() throws Exception {
        Attached alice = attach("alice");
        String nb = alice.notebookId();
        try (CellarClient agent = CellarClient.connect(socket, "agent:codex")) {
            agent.call(Methods.CELL_UPDATE, new UpdateCellParams(nb, "bbbbbb", "y = x + 1", null), CellResult.class);
            Event editing = alice.awaitPresence(p -> names(p).contains("agent:codex"));
            assertThat(entry(((Event.Presence) editing).presence(), "agent:codex")).satisfies(p -> {
                assertThat(p.cellId()).isEqualTo("bbbbbb");
                assertThat(p.activity()).isEqualTo(PresenceActivity.EDITING);
            });
            // the presence comes first, so the update may still be on its way to alice
            Await.poll("alice sees the update", () -> alice.events().stream().anyMatch(e -> e.type() == EventType.CELL_UPDATED));
            Event update = alice.events().stream().filter(e -> e.type() == EventType.CELL_UPDATED).findFirst().orElseThrow();
            assertThat(editing.seq()).as("presence before the edit").isLessThan(update.seq());
            assertThat(update.actor()).isEqualTo("agent:codex");

            agent.call(Methods.CELL_RUN, new dev.cellar.protocol.method.RunCellsParams(nb, List.of("aaaaaa"), false),
                    Object.class);
            alice.awaitPresence(p -> entry(p, "agent:codex").activity() == PresenceActivity.RUNNING
                    && "aaaaaa".equals(entry(p, "agent:codex").cellId()));
        }
        alice.awaitPresence(p -> !names(p).contains("agent:codex"));
    }

    @Test
    void whoeverWasOnACellThatIsDeletedIsBackToViewingTheNotebook() throws Exception {
        Attached alice = attach("alice");
        Attached bob = attach("bob");
        String nb = bob.notebookId();
        bob.client().call(Methods.PRESENCE_UPDATE, new PresenceUpdateParams(nb, "bbbbbb", PresenceActivity.EDITING),
                PresenceResult.class);
        alice.awaitPresence(p -> "bbbbbb".equals(entry(p, "user:bob").cellId()));

        alice.client().call(Methods.CELL_DELETE, new dev.cellar.protocol.method.DeleteCellParams(nb, "bbbbbb", null),
                Object.class);

        Event back = bob.awaitPresence(p -> entry(p, "user:bob").cellId() == null);
        assertThat(entry(((Event.Presence) back).presence(), "user:bob").activity()).isEqualTo(PresenceActivity.VIEWING);
        assertThat(bob.events().stream().filter(e -> e.type() == EventType.CELL_DELETED).findFirst().orElseThrow().seq())
                .as("after the deletion").isLessThan(back.seq());
    }

    @Test
    void aClientWhoseConnectionDropsDisappearsFromPresenceWithAnEvent() throws Exception {
        Attached alice = attach("alice");
        String nb = alice.notebookId();
        LineClient dave = new LineClient(socket);
        dave.send("{\"jsonrpc\":\"2.0\",\"method\":\"daemon.hello\",\"params\":{\"clientName\":\"dave\"}}");
        JsonNode r = dave.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"presence.update\",\"params\":{\"notebookId\":\""
                + nb + "\",\"cellId\":\"bbbbbb\",\"activity\":\"editing\"}}");
        assertThat(r.at("/result/clientId").asText()).as(r.toString()).isNotEmpty();
        alice.awaitPresence(p -> names(p).contains("user:dave"));

        dave.close(); // no goodbye: the socket just goes, as when the process is killed

        Event gone = alice.awaitPresence(p -> !names(p).contains("user:dave"));
        assertThat(gone.actor()).isEqualTo("user:dave");
        assertThat(names(((Event.Presence) gone).presence())).containsExactly("user:alice");
        NotebookSnapshot snap = alice.client().call(Methods.NOTEBOOK_GET, new NotebookParams(nb), NotebookSnapshot.class);
        assertThat(names(snap.presence())).containsExactly("user:alice");
    }

    @Test
    void badPresenceUpdatesAreClearErrorsAndChangeNothing() throws Exception {
        Attached alice = attach("alice");
        String nb = alice.notebookId();
        CellarClient c = alice.client();
        assertError(() -> c.call(Methods.PRESENCE_UPDATE, new PresenceUpdateParams("nb999", null, PresenceActivity.VIEWING),
                Object.class), ErrorCode.NOTEBOOK_NOT_FOUND, "nb999");
        assertError(() -> c.call(Methods.PRESENCE_UPDATE, new PresenceUpdateParams(nb, "zzzzzz", PresenceActivity.EDITING),
                Object.class), ErrorCode.CELL_NOT_FOUND, "zzzzzz");
        assertError(() -> c.call(Methods.PRESENCE_UPDATE, new PresenceUpdateParams(nb, null, null), Object.class),
                ErrorCode.INVALID_PARAMS, "activity");
        assertError(() -> c.call(Methods.PRESENCE_UPDATE, java.util.Map.of("notebookId", nb, "activity", "typing"),
                Object.class), ErrorCode.INVALID_PARAMS, "'activity'");
        assertError(() -> c.call(Methods.PRESENCE_UPDATE, java.util.Map.of("notebookId", nb, "activity", "editing",
                "cellId", 7), Object.class), ErrorCode.INVALID_PARAMS, "'cellId'");
        NotebookSnapshot snap = c.call(Methods.NOTEBOOK_GET, new NotebookParams(nb), NotebookSnapshot.class);
        assertThat(snap.presence()).singleElement().satisfies(p -> {
            assertThat(p.activity()).isEqualTo(PresenceActivity.VIEWING);
            assertThat(p.cellId()).isNull();
        });
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
                                    String inMessage) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(inMessage);
        });
    }
}
