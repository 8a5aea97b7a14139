package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Daemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-RPC over the real Unix socket: every error path, and the connection survives each. */
@org.junit.jupiter.api.Timeout(120)
class ProtocolTest {
    @TempDir
    static Path dir;
    static Daemon daemon;
    static Path socket;
    LineClient client;

    @BeforeAll
    static void startDaemon() throws IOException {
        socket = dir.resolve("run").resolve("cellar.sock");
        daemon = Daemon.start(socket);
    }

    @AfterAll
    static void stopDaemon() {
        daemon.close();
    }

    @BeforeEach
    void connect() throws IOException {
        client = new LineClient(socket);
    }

    @Test
    void theSocketAndItsFolderAreOnlyForTheirOwner() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    }

    @Test
    void aSecondDaemonOnTheSameSocketRefusesToStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Daemon.start(socket))
                .hasMessageContaining("already running");
        assertThat(SocketFolder.answers(socket)).isTrue();
    }

    @Test
    void malformedJsonIsAParseErrorWithNullId() throws IOException {
        JsonNode r = client.call("{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]");
        assertError(r, -32700);
        assertThat(r.get("id").isNull()).isTrue();
        assertAlive();
    }

    @Test
    void aRequestThatIsNotARequestIsInvalid() throws IOException {
        assertError(client.call("{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}"), -32600);
        assertError(client.call("{\"method\": \"daemon.info\", \"id\": 1}"), -32600);
        assertError(client.call("\"just a string\""), -32600);
        assertAlive();
    }

    @Test
    void anUnknownMethodIsMethodNotFoundAndKeepsTheId() throws IOException {
        JsonNode r = client.call("{\"jsonrpc\":\"2.0\",\"method\":\"foobar\",\"id\":\"1\"}");
        assertError(r, -32601);
        assertThat(r.get("id").asText()).isEqualTo("1");
        assertAlive();
    }

    @Test
    void wrongParamsAreInvalidParams() throws IOException {
        assertError(client.call(request("notebook.open", "[\"positional\"]")), -32602);
        assertError(client.call(request("notebook.open", "{\"path\":\"relative.py\"}")), -32602);
        String nb = open("params.py");
        assertError(client.call(request("cell.move", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"x\",\"index\":\"abc\"}")),
                -32602);
        assertError(client.call(request("cell.create", "{\"notebookId\":\"" + nb + "\",\"kind\":\"cobol\"}")), -32602);
        assertError(client.call(request("cell.run", "{\"notebookId\":\"" + nb + "\"}")), -32602);
        assertAlive();
    }

    @Test
    void tableRowsWithBadArgumentsSaysWhichArgument() throws IOException {
        String nb = open("tables.py");
        JsonNode noLimit = client.call(request("table.rows", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"c\",\"offset\":0}"));
        assertError(noLimit, -32602);
        assertThat(noLimit.at("/error/message").asText()).contains("limit must be between 1 and 10000");
        JsonNode negative = client.call(request("table.rows",
                "{\"notebookId\":\"" + nb + "\",\"cellId\":\"c\",\"offset\":-1,\"limit\":5}"));
        assertError(negative, -32602);
        assertThat(negative.at("/error/message").asText()).contains("offset");
        assertError(client.call(request("table.rows", "{\"notebookId\":\"" + nb + "\",\"limit\":5}")), -32602);
        assertError(client.call(request("table.rows", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"zzz\",\"limit\":5}")),
                -32002);
        JsonNode created = client.call(request("cell.create", "{\"notebookId\":\"" + nb + "\",\"code\":\"# nothing\","
                + "\"kind\":\"markdown\"}"));
        String cell = created.at("/result/cell/id").asText();
        JsonNode noTable = client.call(request("table.rows", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"" + cell
                + "\",\"limit\":5}"));
        assertError(noTable, -32602);
        assertThat(noTable.at("/error/message").asText()).contains("shows no table");
        assertAlive();
    }

    @Test
    void unknownNotebooksAndCellsAreApplicationErrors() throws IOException {
        JsonNode r = client.call(request("notebook.get", "{\"notebookId\":\"nope\"}"));
        assertError(r, -32001);
        assertThat(r.at("/error/message").asText()).contains("nope");
        assertError(client.call(request("notebook.open", "{\"path\":\"" + dir.resolve("missing.py") + "\"}")), -32001);
        String nb = open("cells.py");
        assertError(client.call(request("cell.update", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"zzz\",\"code\":\"1\"}")),
                -32002);
        assertAlive();
    }

    @Test
    void confirmNamesTheNotebookByIdOrByPathAndSaysWhenNothingWaits() throws IOException {
        String nb = open("plain.py");
        JsonNode byId = client.call(request("notebook.confirm", "{\"notebookId\":\"" + nb + "\",\"dryRun\":true}"));
        assertThat(byId.at("/result/confirmed").asBoolean()).isFalse();
        assertThat(byId.at("/result/header").size()).isZero();
        assertThat(byId.at("/result/message").asText()).startsWith("nothing waits for a confirmation");
        assertThat(byId.at("/result/kernel/sandbox").asText()).isNotEmpty();
        JsonNode byPath = client.call(request("notebook.confirm", "{\"path\":\"" + dir.resolve("plain.py") + "\"}"));
        assertThat(byPath.at("/result/message").asText()).startsWith("nothing waits for a confirmation");
        assertError(client.call(request("notebook.confirm", "{}")), -32602);
        assertAlive();
    }

    @Test
    void aStaleExpectedVersionIsAConflictCarryingTheCurrentCell() throws IOException {
        String nb = open("conflict.py");
        JsonNode created = client.call(request("cell.create", "{\"notebookId\":\"" + nb + "\",\"code\":\"a = 1\"}"));
        String cell = created.at("/result/cell/id").asText();
        client.call(request("cell.update", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"" + cell
                + "\",\"code\":\"a = 2\",\"expectedVersion\":1}"));
        JsonNode r = client.call(request("cell.update", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"" + cell
                + "\",\"code\":\"a = 3\",\"expectedVersion\":1}"));
        assertError(r, -32003);
        assertThat(r.at("/error/data/cell/code").asText()).isEqualTo("a = 2");
        assertThat(r.at("/error/data/cell/version").asLong()).isEqualTo(2);
    }

    @Test
    void notificationsGetNoAnswer() throws IOException {
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\"}");
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"no.such.method\"}");
        JsonNode r = client.call("{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\",\"id\":7}");
        assertThat(r.get("id").asInt()).isEqualTo(7);
    }

    @Test
    void batchesAreAnsweredAsBatches() throws IOException {
        assertError(client.call("[]"), -32600);
        JsonNode invalidJsonBatch = client.call("[{\"jsonrpc\": \"2.0\", \"method\": \"daemon.info\", \"id\": \"1\"},"
                + "{\"jsonrpc\": \"2.0\", \"method\"]");
        assertError(invalidJsonBatch, -32700);
        JsonNode one = client.call("[1]");
        assertThat(one.isArray()).isTrue();
        assertThat(one).hasSize(1);
        assertThat(one.get(0).at("/error/code").asInt()).isEqualTo(-32600);

        JsonNode invalid = client.call("[1,2,3]");
        assertThat(invalid.isArray()).isTrue();
        assertThat(invalid).hasSize(3).allSatisfy(e -> assertThat(e.at("/error/code").asInt()).isEqualTo(-32600));

        JsonNode mixed = client.call("[" + request("daemon.info", "{}").replace("\"id\":1", "\"id\":\"a\"") + ","
                + "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\"}," + "{\"foo\":\"boo\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"foo.get\",\"id\":\"5\"}]");
        assertThat(mixed).hasSize(3);
        List<Integer> codes = new ArrayList<>();
        mixed.forEach(m -> codes.add(m.has("error") ? m.at("/error/code").asInt() : 0));
        assertThat(codes).containsExactlyInAnyOrder(0, -32600, -32601);

        client.send("[{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\"},{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\"}]");
        assertAlive(); // the all-notification batch produced nothing: the next answer is daemon.info's
    }

    @Test
    void aFrameOverTheLimitIsRejectedAndTheConnectionGoesOn() throws IOException {
        try (LineClient other = new LineClient(socket)) {
            String pad = "x".repeat(17 * 1024 * 1024);
            client.send("{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\",\"params\":{\"pad\":\"" + pad + "\"},\"id\":9}");
            assertError(client.readAnswer(), -32007);
            JsonNode r = other.call(request("daemon.info", "{}"));
            assertThat(r.has("result")).isTrue();
            assertAlive();
        }
    }

    @Test
    void subscribersGetEveryEventInSeqOrder() throws IOException {
        String nb = open("events.py");
        client.call(request("notebook.subscribe", "{\"notebookId\":\"" + nb + "\"}"));
        client.send(request("cell.create", "{\"notebookId\":\"" + nb + "\",\"code\":\"v = 1\"}"));
        List<Long> seqs = new ArrayList<>();
        List<String> types = new ArrayList<>();
        while (!types.contains("runFinished")) {
            JsonNode msg = client.read();
            if (msg.has("method")) {
                assertThat(msg.get("method").asText()).isEqualTo("event");
                seqs.add(msg.at("/params/seq").asLong());
                types.add(msg.at("/params/type").asText());
                assertThat(msg.at("/params/notebookId").asText()).isEqualTo(nb);
            }
        }
        assertThat(types).startsWith("cellCreated").contains("runStarted", "cellState");
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
    }

    private String open(String name) throws IOException {
        JsonNode r = client.call(request("notebook.open", "{\"path\":\"" + dir.resolve(name) + "\",\"create\":true}"));
        assertThat(r.has("result")).as(r.toString()).isTrue();
        return r.at("/result/notebookId").asText();
    }

    private void assertAlive() throws IOException {
        JsonNode r = client.call(request("daemon.info", "{}"));
        assertThat(r.at("/result/pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }

    private static String request(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}";
    }

    private static void assertError(JsonNode response, int code) {
        assertThat(response.at("/error/code").asInt()).as(response.toString()).isEqualTo(code);
        assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(response.has("result")).isFalse();
    }
}
