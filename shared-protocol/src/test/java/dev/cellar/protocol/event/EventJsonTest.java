package dev.cellar.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.KernelInfo;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import dev.cellar.protocol.rpc.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events on the wire: one flat object per event, the same members as before the kinds were records, read back by type. */
class EventJsonTest {
    private static final Event.Meta META = new Event.Meta("nb1", 7, "user:alice", "req-3");
    private static final CellInfo CELL = new CellInfo("aa1111", CellKind.PYTHON, "x = 1", 2, CellStatus.OK, List.of("x"),
            List.of(), List.of(new Output.Stream("stdout", "hi\n")), null, null, "user:alice", List.of());

    @Test
    void aCellStateIsOneFlatObjectWithItsTypeAndCellId() throws Exception {
        JsonNode json = Json.tree(new Event.CellState(META, CELL));
        assertThat(json.get("type").asText()).isEqualTo("cellState");
        assertThat(json.get("notebookId").asText()).isEqualTo("nb1");
        assertThat(json.get("seq").asLong()).isEqualTo(7);
        assertThat(json.get("actor").asText()).isEqualTo("user:alice");
        assertThat(json.get("requestId").asText()).isEqualTo("req-3");
        assertThat(json.get("cellId").asText()).as("clients that filter by cell keep working").isEqualTo("aa1111");
        assertThat(json.get("cell").get("code").asText()).isEqualTo("x = 1");
        assertThat(json.has("meta")).as("the meta is not a member of its own").isFalse();
        assertThat(json.has("revision")).as("members of other kinds are absent").isFalse();
    }

    @Test
    void everyKindComesBackAsTheSameRecord() throws Exception {
        List<Event> all = List.of(
                new Event.CellCreated(META, CELL, 3, 12),
                new Event.CellUpdated(META, CELL, 13, Boolean.TRUE),
                new Event.CellUpdated(META, CELL, 14, null),
                new Event.CellDeleted(META, "bb2222", 15),
                new Event.CellMoved(META, "bb2222", 0, 16),
                new Event.CellState(META, CELL),
                new Event.CellOutput(META, "aa1111", new Output.Stream("stderr", "warn\n")),
                new Event.RunStarted(META, "run-1", List.of("aa1111", "bb2222")),
                new Event.RunFinished(META, "run-1"),
                new Event.Resync(new Event.Meta("nb1", 9, "daemon", null)),
                new Event.NotebookFile(META, "nb.py was moved"),
                new Event.KernelChanged(META, new KernelInfo("cpython", "3.11", "/usr/bin/python3", "Python 3.11",
                        "off", null), "restarted"),
                new Event.NotebookClosed(META),
                new Event.Presence(META, List.of(new PresenceInfo("c1", "user:alice", 5, "aa1111", PresenceActivity.EDITING))),
                new Event.Chat(META, EventType.CHAT_DELTA, ChatEvent.text("t1", "Hello")),
                new Event.Chat(META, EventType.CHAT_TOOL_RESULT, ChatEvent.result("t1", "c1", "run_cells", "{}", false)));
        for (Event e : all) {
            String wire = Json.MAPPER.writeValueAsString(e);
            assertThat(Json.MAPPER.readValue(wire, Event.class)).as(wire).isEqualTo(e);
        }
    }

    @Test
    void aChatStepsKindIsItsWireType() throws Exception {
        JsonNode json = Json.tree(new Event.Chat(META, EventType.CHAT_TURN_ENDED, ChatEvent.ended("t1", "done", null)));
        assertThat(json.get("type").asText()).isEqualTo("chatTurnEnded");
        assertThat(json.has("kind")).isFalse();
        assertThat(json.get("chat").get("reason").asText()).isEqualTo("done");
    }

    @Test
    void unknownMembersAreIgnoredAndBadEventsNamed() throws Exception {
        Event e = Json.MAPPER.readValue("{\"notebookId\":\"nb1\",\"seq\":3,\"type\":\"cellDeleted\",\"cellId\":\"x\","
                + "\"revision\":4,\"fromTheFuture\":true}", Event.class);
        assertThat(e).isEqualTo(new Event.CellDeleted(new Event.Meta("nb1", 3, null, null), "x", 4));
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"seq\":3,\"type\":\"cellDeleted\",\"cellId\":\"x\"}", Event.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("cellDeleted event needs revision");
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"seq\":3,\"type\":\"cellState\"}", Event.class))
                .as("a client never gets a cell event without its cell").isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("cellState event needs cell");
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"seq\":3,\"type\":\"chatDelta\"}", Event.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("chatDelta event needs chat");
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"seq\":3,\"type\":\"cellExploded\"}", Event.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("unknown event type cellExploded");
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"seq\":3}", Event.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("needs its type");
    }
}
