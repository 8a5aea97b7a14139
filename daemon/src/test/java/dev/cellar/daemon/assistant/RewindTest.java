package dev.cellar.daemon.assistant;

import static dev.cellar.daemon.assistant.AssistantFixture.output;
import static dev.cellar.daemon.assistant.ScriptedModelServer.call;
import static dev.cellar.daemon.assistant.ScriptedModelServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.AgentCallParams;
import dev.cellar.protocol.method.AgentCallResult;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.RewindParams;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.RewindChange;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewinding an assistant turn in a real daemon, the turn driven through the real OpenAI
 * SDK by the scripted server: the file comes back byte for byte, the graph re-runs,
 * changes made since the turn are not overwritten without force, and checkpoints
 * outlive the daemon.
 */
@Timeout(180)
class RewindTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final AssistantFixture f = new AssistantFixture();
    Path file;
    String x;
    String y;
    String z;
    String note;

    void start(ApprovalPolicy policy) throws Exception {
        // rewinding is about the file and the graph, not the kernel: the fast Python where there is one
        file = dir.resolve("nb.py");
        Files.writeString(file, "# cellar: " + AssistantFixture.anyPython() + "\n");
        f.start(dir.resolve("cellar.sock"), policy);
        attach();
        x = f.create(CellKind.PYTHON, "x = 1");
        y = f.create(CellKind.PYTHON, "y = x * 10\ny");
        z = f.create(CellKind.PYTHON, "z = 3");
        note = f.create(CellKind.MARKDOWN, "# Notes\nsome text");
        f.awaitCell(y, c -> output(c).equals("10"));
    }

    void attach() throws Exception {
        f.connect(dir.resolve("cellar.sock")).open(file, null);
    }

    /** A turn that creates a cell, changes x, moves z to the top and deletes the markdown cell. */
    String busyTurn() throws Exception {
        f.model.then(call("c1", "create_cell", "{\"code\":\"w = 5\",\"kind\":\"python\",\"afterCellId\":\"" + y
                        + "\",\"out\":null}"))
                .then(call("c2", "update_cell", "{\"cellId\":\"" + x + "\",\"code\":\"x = 2\",\"expectedVersion\":1}"))
                .then(call("c3", "move_cell", "{\"cellId\":\"" + z + "\",\"index\":0}"))
                .then(call("c4", "delete_cell", "{\"cellId\":\"" + note + "\",\"expectedVersion\":null}"))
                .then(text("Done."));
        String turn = f.send("rework the notebook");
        f.awaitTurnEnded(turn);
        return turn;
    }

    @Test
    void rewindingATurnPutsTheFileBackByteForByteAndReRunsTheGraph() throws Exception {
        start(ApprovalPolicy.AUTO);
        byte[] before = Files.readAllBytes(file);

        String turn = busyTurn();
        f.awaitCell(y, c -> output(c).equals("20"));
        assertThat(Files.readAllBytes(file)).isNotEqualTo(before);
        long revision = snapshot().revision();

        RewindResult r = rewind(new RewindParams(f.nb, turn));

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(r.revision()).isEqualTo(revision + 1); // one edit, one revision
        assertThat(r.changed()).containsExactly(x);
        assertThat(r.restored()).containsExactly(note);
        assertThat(r.moved()).containsExactly(z);
        assertThat(r.deleted()).hasSize(1);
        assertThat(snapshot().cells()).extracting(CellInfo::id).containsExactly(x, y, z, note);
        f.awaitCell(y, c -> output(c).equals("10")); // x is 1 again and y re-ran from it

        RewindResult again = rewind(new RewindParams(f.nb, turn));
        assertThat(again.alreadyRewound()).isTrue();
        assertThat(snapshot().revision()).isEqualTo(revision + 1);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        TurnInfo info = f.user.call(Methods.CHAT_HISTORY, new NotebookParams(f.nb), ChatHistory.class).turns().getLast();
        assertThat(info.turnId()).isEqualTo(turn);
        assertThat(info.prompt()).isEqualTo("rework the notebook");
        assertThat(info.rewound()).isTrue();
        assertThat(info.summary()).contains("created " + r.deleted().getFirst(), "changed " + x, "moved " + z,
                "deleted " + note);
    }

    @Test
    void aDryRunPreviewsEveryCellWithItsCodeNowAndAfterAndChangesNothing() throws Exception {
        start(ApprovalPolicy.AUTO);
        String turn = busyTurn();
        byte[] afterTurn = Files.readAllBytes(file);
        long revision = snapshot().revision();

        RewindResult preview = rewind(new RewindParams(f.nb, turn, List.of(), true));

        String w = preview.deleted().getFirst();
        assertThat(preview.changes()).containsExactly(
                new RewindChange(w, RewindChange.Kind.DELETE, "w = 5", null, 3, null),
                new RewindChange(note, RewindChange.Kind.RESTORE, null, "# Notes\nsome text", null, 3),
                new RewindChange(x, RewindChange.Kind.REVERT, "x = 2", "x = 1", 1, 0),
                new RewindChange(z, RewindChange.Kind.MOVE, "z = 3", "z = 3", 0, 2));
        assertThat(preview.revision()).isNull();
        assertThat(snapshot().revision()).isEqualTo(revision);
        assertThat(Files.readAllBytes(file)).isEqualTo(afterTurn);
        assertThat(rewind(new RewindParams(f.nb, turn)).changes()).isEqualTo(preview.changes()); // the preview was honest
    }

    @Test
    void aCellAPersonChangedAfterTheTurnIsAConflictAndIsOverwrittenOnlyWhenForced() throws Exception {
        start(ApprovalPolicy.AUTO);
        byte[] before = Files.readAllBytes(file);
        String turn = busyTurn();
        CellInfo changedByAlice = f.user.call(Methods.CELL_UPDATE, new UpdateCellParams(f.nb, x, "x = 7", 2L),
                CellResult.class).cell();
        byte[] afterAlice = Files.readAllBytes(file);

        assertThatThrownBy(() -> rewind(new RewindParams(f.nb, turn))).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains(x);
            JsonNode conflict = e.data().path("conflicts").get(0);
            assertThat(e.data().path("conflicts")).hasSize(1);
            assertThat(conflict.path("cellId").asText()).isEqualTo(x);
            assertThat(conflict.path("turnVersion").asLong()).isEqualTo(2);
            assertThat(conflict.path("turnCode").asText()).isEqualTo("x = 2");
            assertThat(conflict.path("current").path("version").asLong()).isEqualTo(changedByAlice.version());
            assertThat(conflict.path("current").path("code").asText()).isEqualTo("x = 7");
        });
        assertThat(Files.readAllBytes(file)).isEqualTo(afterAlice); // nothing was restored

        rewind(new RewindParams(f.nb, turn, List.of(x), false));

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aRewindOutlivesADaemonRestart() throws Exception {
        start(ApprovalPolicy.AUTO);
        byte[] before = Files.readAllBytes(file);
        String turn = busyTurn();
        f.stopDaemon();

        f.start(dir.resolve("cellar.sock"), ApprovalPolicy.AUTO);
        attach();
        List<TurnInfo> turns = f.user.call(Methods.CHAT_HISTORY, new NotebookParams(f.nb), ChatHistory.class).turns();
        assertThat(turns).extracting(TurnInfo::turnId).containsExactly(turn);

        RewindResult r = rewind(new RewindParams(f.nb, null)); // the last turn

        assertThat(r.turnId()).isEqualTo(turn);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        f.awaitCell(y, c -> output(c).equals("10"));
    }

    @Test
    void rewindingATurnThatStillRunsCancelsItFirst() throws Exception {
        start(ApprovalPolicy.ASK_DESTRUCTIVE);
        byte[] before = Files.readAllBytes(file);
        f.model.then(call("c1", "create_cell", "{\"code\":\"w = 5\",\"kind\":\"python\",\"afterCellId\":null,\"out\":null}"))
                .then(call("c2", "delete_cell", "{\"cellId\":\"" + x + "\",\"expectedVersion\":null}"))
                .then(text("unreachable"));
        String turn = f.send("tidy up");
        f.awaitEvent(EventType.CHAT_APPROVAL); // the turn waits for a person on its delete

        RewindResult r = rewind(new RewindParams(f.nb, turn));

        assertThat(r.deleted()).hasSize(1);
        assertThat(f.awaitTurnEnded(turn).reason()).isEqualTo("cancelled");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    /**
     * Route 4 of the doors issue: an agent's rewind must not run, by reactivity, code that
     * another of its turns wrote. Turn 1 changes x, turn 2 writes code into y (its reader),
     * turn 3 rewinds turn 1: x comes back but nothing runs, so y's new code never ran.
     */
    @Test
    void anAgentsRewindRunsNothingOnAnUnconfinedKernelThatAsksBeforeRunning() throws Exception {
        start(ApprovalPolicy.ASK_DESTRUCTIVE);
        Path marker = dir.resolve("ran-agent-code");
        String turn1 = agentCall("update_cell", "{\"cellId\":\"" + x + "\",\"code\":\"x = 2\",\"expectedVersion\":1}")
                .turnId();
        agentCall("update_cell", "{\"cellId\":\"" + y + "\",\"code\":\"open(" + pyString(marker)
                + ", 'w').close()\\ny = x * 10\\ny\",\"expectedVersion\":1}");
        AgentCallResult rewound = agentCall("rewind_turn", "{\"turnId\":\"" + turn1 + "\"}");
        assertThat(rewound.ok()).as(rewound.json()).isTrue();

        assertThat(snapshot().cell(x).code()).isEqualTo("x = 1");
        // nothing was queued by the rewind: both cells wait, stale, for a person or an approved run
        assertThat(snapshot().cell(x).status()).isEqualTo(CellStatus.STALE);
        assertThat(snapshot().cell(y).status()).isEqualTo(CellStatus.STALE);
        assertThat(marker).doesNotExist();
    }

    /** Each call on a connection of its own: an agent's turn is its calls over one session. */
    private AgentCallResult agentCall(String tool, String arguments) throws Exception {
        try (CellarClient agent = CellarClient.connect(dir.resolve("cellar.sock"), "sneaky")) {
            ObjectNode args = (ObjectNode) Json.MAPPER.readTree(arguments);
            args.put("notebook", file.toString());
            AgentCallResult r = agent.call(Methods.AGENT_CALL, new AgentCallParams(tool, args), AgentCallResult.class);
            assertThat(r.ok()).as(tool + ": " + r.json()).isTrue();
            return r;
        }
    }

    private static String pyString(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void rewindingANotebookWithoutTurnsSaysSo() throws Exception {
        start(ApprovalPolicy.AUTO);
        assertThatThrownBy(() -> rewind(new RewindParams(f.nb, null))).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMS);
            assertThat(e.getMessage()).contains("no assistant or agent turn to rewind");
        });
    }

    RewindResult rewind(RewindParams params) throws Exception {
        return f.user.call(Methods.CHAT_REWIND, params, RewindResult.class);
    }

    NotebookSnapshot snapshot() throws Exception {
        return f.snapshot();
    }
}
