package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.assistant.ApprovalPolicy;
import dev.cellar.daemon.assistant.AssistantConfig;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.ChatApproveParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cellar mcp} end to end: the MCP Java SDK's own client launches the real CLI as a
 * process and talks to it over stdio; the CLI talks to a real daemon over its socket.
 */
@Timeout(180)
class McpServerTest {
    @TempDir
    Path dir;
    /** A folder outside the agent's roots. */
    @TempDir
    Path elsewhere;
    Daemon daemon;
    Path socket;
    Path nb;
    McpSyncClient agent;
    CellarClient alice;
    String notebookId;
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> updatedResources = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("cellar.sock");
        daemon = Daemon.start(socket, new AssistantConfig(null, null, "m", ApprovalPolicy.ASK_DESTRUCTIVE, 5, 1000,
                Duration.ofSeconds(5)));
        nb = dir.resolve("nb.py");
        Files.writeString(nb, "# cellar: python=graalpy approval=ask-destructive\n\n# %% id=\"seed\"\nseed = 20\n");
        alice = CellarClient.connect(socket, "alice");
        alice.onEvent(events::add);
        notebookId = alice.call(Methods.NOTEBOOK_OPEN, new OpenParams(nb.toString(), false), NotebookSnapshot.class)
                .notebookId();
        alice.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(notebookId, null), Object.class);
        agent = launch(nb.toString());
    }

    McpSyncClient launch(String... notebooks) {
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), CellarMain.class.getName(),
                "mcp", "--socket=" + socket));
        args.addAll(List.of(notebooks));
        ServerParameters server = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args(args).build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper())))
                .clientInfo(new McpSchema.Implementation("test-agent", "1.0"))
                .roots(new McpSchema.Root(dir.toUri().toString(), "the test's folder")) // where the agent may work
                .requestTimeout(Duration.ofSeconds(90))
                // the server is a JVM of its own: under stress-ng its start took over the 20 s default
                .initializationTimeout(Duration.ofSeconds(120))
                .resourcesUpdateConsumer(contents -> contents.forEach(c -> updatedResources.add(c.uri())))
                .build();
        client.initialize();
        return client;
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.closeGracefully();
        }
        if (alice != null) {
            alice.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    JsonNode call(String tool, Map<String, Object> arguments, boolean ok) throws Exception {
        McpSchema.CallToolResult r = agent.callTool(new McpSchema.CallToolRequest(tool, arguments));
        String text = ((McpSchema.TextContent) r.content().getFirst()).text();
        assertThat(Boolean.TRUE.equals(r.isError())).as(text).isEqualTo(!ok);
        return Json.MAPPER.readTree(text);
    }

    @Test
    void anAgentListsTheToolsEditsAndRunsCellsAndGetsConflictsAsResults() throws Exception {
        List<McpSchema.Tool> tools = agent.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).contains("list_notebooks", "open_notebook", "get_notebook",
                "get_cell", "create_cell", "update_cell", "delete_cell", "move_cell", "run_cells", "interrupt", "rewind_turn");
        McpSchema.Tool getCell = tools.stream().filter(t -> t.name().equals("get_cell")).findFirst().orElseThrow();
        McpSchema.Tool delete = tools.stream().filter(t -> t.name().equals("delete_cell")).findFirst().orElseThrow();
        assertThat(getCell.annotations().readOnlyHint()).isTrue();
        assertThat(getCell.annotations().destructiveHint()).isFalse();
        assertThat(delete.annotations().readOnlyHint()).isFalse();
        assertThat(delete.annotations().destructiveHint()).isTrue();
        assertThat(Json.MAPPER.valueToTree(getCell.inputSchema()).path("properties").has("notebook")).isTrue();
        assertThat(Json.MAPPER.valueToTree(getCell.inputSchema()).path("properties").has("cellId")).isTrue();

        String cell = call("create_cell", Map.of("code", "total = seed + 1\ntotal", "kind", "python"), true)
                .path("cellId").asText();
        assertThat(call("update_cell", Map.of("cellId", cell, "code", "total = seed + 2\ntotal", "expectedVersion", 1), true)
                .path("version").asLong()).isEqualTo(2);
        JsonNode conflict = call("update_cell", Map.of("cellId", cell, "code", "total = 0", "expectedVersion", 1), false);
        assertThat(conflict.path("error").asText()).contains("conflict");
        assertThat(conflict.path("current").path("version").asLong()).isEqualTo(2);
        assertThat(conflict.path("current").path("code").asText()).isEqualTo("total = seed + 2\ntotal");

        JsonNode run = call("run_cells", Map.of("cellIds", List.of(cell)), true).path("cells").get(0);
        assertThat(run.path("status").asText()).isEqualTo("ok");
        assertThat(run.path("output_data").asText()).contains("22");
        assertThat(Files.readString(nb)).contains("total = seed + 2");

        // a person's client sees the agent's edits, as the agent, in the order they were made
        List<Event> cellEvents = snapshotOf(e -> e.type() == EventType.CELL_CREATED || e.type() == EventType.CELL_UPDATED);
        assertThat(cellEvents).extracting(Event::type).containsExactly(EventType.CELL_CREATED, EventType.CELL_UPDATED);
        assertThat(cellEvents).extracting(Event::actor).containsOnly("agent:test-agent");
        assertThat(cellEvents.get(0).seq()).isLessThan(cellEvents.get(1).seq());

        // the open notebook is a resource, and its changes are announced
        List<McpSchema.Resource> resources = agent.listResources().resources();
        assertThat(resources).extracting(McpSchema.Resource::uri).containsExactly(nb.toUri().toString());
        var text = (McpSchema.TextResourceContents) agent.readResource(resources.getFirst()).contents().getFirst();
        assertThat(text.text()).contains("# %% id=\"" + cell + "\"", "total = seed + 2");
        agent.subscribeResource(new McpSchema.SubscribeRequest(nb.toUri().toString()));
        updatedResources.clear();
        call("update_cell", Map.of("cellId", cell, "code", "total = seed + 3\ntotal", "expectedVersion", 2), true);
        await(() -> updatedResources.contains(nb.toUri().toString()));
    }

    @Test
    void aNotebookTheAgentOpensBecomesAResourceItCanWatch() throws Exception {
        Path other = dir.resolve("other.py");
        Files.writeString(other, "# cellar: python=graalpy autorun=false\n\n# %% id=o1\nx = 1\n");
        JsonNode opened = call("open_notebook", Map.of("path", other.toString()), true);
        String uri = other.toUri().toString();
        await(() -> agent.listResources().resources().stream().anyMatch(r -> r.uri().equals(uri)));
        agent.subscribeResource(new McpSchema.SubscribeRequest(uri));
        updatedResources.clear();
        call("update_cell", Map.of("notebook", opened.path("notebookId").asText(), "cellId", "o1", "code", "x = 2",
                "expectedVersion", 1), true);
        await(() -> updatedResources.contains(uri));
        var text = (McpSchema.TextResourceContents) agent.readResource(new McpSchema.ReadResourceRequest(uri))
                .contents().getFirst();
        assertThat(text.text()).contains("x = 2");
    }

    @Test
    void peopleSeeAnAgentOnTheCellItWorksOnUntilItsSessionEnds() throws Exception {
        call("update_cell", Map.of("cellId", "seed", "code", "seed = 21", "expectedVersion", 1), true);
        await(() -> presence().stream().anyMatch(p -> p.name().equals("agent:test-agent") && "seed".equals(p.cellId())
                && p.activity() == dev.cellar.protocol.model.PresenceActivity.EDITING));
        assertThat(presence()).extracting(dev.cellar.protocol.model.PresenceInfo::name).contains("user:alice");
        agent.closeGracefully(); // the cellar mcp process ends, and with it its connection
        agent = null;
        await(() -> presence().stream().noneMatch(p -> p.name().startsWith("agent:")));
    }

    List<dev.cellar.protocol.model.PresenceInfo> presence() {
        try {
            return alice.call(Methods.NOTEBOOK_GET, new dev.cellar.protocol.method.NotebookParams(notebookId),
                    NotebookSnapshot.class).presence();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDeleteUnderAskDestructiveWaitsForAPersonAndIsRefusedWhenDeclined() throws Exception {
        CompletableFuture<JsonNode> deleting = CompletableFuture.supplyAsync(() -> {
            try {
                return call("delete_cell", Map.of("cellId", "seed"), false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> !pending().isEmpty());
        PendingApprovals.Pending waiting = pending().getFirst();
        assertThat(waiting.actor()).isEqualTo("agent:test-agent");
        assertThat(waiting.tool()).isEqualTo("delete_cell");
        assertThat(deleting).isNotDone();

        try (CellarClient otherAgent = CellarClient.connect(socket, "agent:other")) {
            assertThatThrownBy(() -> otherAgent.call(Methods.CHAT_APPROVE,
                    new ChatApproveParams(notebookId, waiting.callId(), true), Object.class))
                    .isInstanceOf(RpcException.class).hasMessageContaining("only a person may approve");
        }
        var err = new java.io.StringWriter();
        int refused = CellarMain.execute(new String[] {"approve", "--socket=" + socket, nb.toString(), waiting.callId(), "--no"},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err));
        assertThat(refused).as(err.toString()).isZero();

        JsonNode result = deleting.get(60, TimeUnit.SECONDS);
        assertThat(result.path("error").asText()).contains("refused");
        assertThat(Files.readString(nb)).contains("seed = 20");
    }

    /**
     * Issue 20: an approval coming from the agent's own process tree is not a person's. Here the
     * test JVM launched {@code cellar mcp}, so it is the agent's MCP host: a client of its own with
     * a made-up person's name, and {@code cellar approve --yes} run from it, are refused (declining
     * stays open to anyone). An approval from an unrelated process is tested in AgentDoorsTest.
     */
    @Test
    void anApprovalFromTheAgentsHostIsRefusedWhateverNameTheClientGives() throws Exception {
        CompletableFuture<JsonNode> deleting = CompletableFuture.supplyAsync(() -> {
            try {
                return call("delete_cell", Map.of("cellId", "seed"), false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> !pending().isEmpty());
        String callId = pending().getFirst().callId();
        try (CellarClient person = CellarClient.connect(socket, "totally-a-person")) {
            assertThatThrownBy(() -> person.call(Methods.CHAT_APPROVE, new ChatApproveParams(notebookId, callId, true),
                    Object.class)).isInstanceOf(RpcException.class)
                    .hasMessageContaining("is the agent's MCP host (pid " + ProcessHandle.current().pid());
        }
        var err = new java.io.StringWriter();
        int approved = CellarMain.execute(new String[] {"approve", "--socket=" + socket, nb.toString(), callId, "--yes"},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err));
        assertThat(approved).isEqualTo(ExitCode.FAILED);
        assertThat(err.toString()).contains("only a person may approve");
        assertThat(pending()).extracting(PendingApprovals.Pending::callId).containsExactly(callId);
        alice.call(Methods.CHAT_APPROVE, new ChatApproveParams(notebookId, callId, false), Object.class);
        assertThat(deleting.get(60, TimeUnit.SECONDS).path("error").asText()).contains("refused");
        assertThat(Files.readString(nb)).contains("seed = 20");
    }

    /**
     * Issue 20, route 6: the agent works under its roots only (here the folder its host declares),
     * and even there only notebooks open: not a key, an rc file or a Jupyter notebook.
     */
    @Test
    void anAgentReachesOnlyNotebooksUnderItsRoots() throws Exception {
        Path outside = Files.writeString(elsewhere.resolve("private.py"), "# %% id=p1\nsecret = 1\n");
        String outsideId = alice.call(Methods.NOTEBOOK_OPEN, new OpenParams(outside.toString(), false),
                NotebookSnapshot.class).notebookId();
        JsonNode listed = call("list_notebooks", Map.of(), true);
        assertThat(listed.path("notebooks").findValuesAsText("path")).containsExactly(nb.toRealPath().toString());
        assertThat(call("open_notebook", Map.of("path", outside.toString()), false).path("error").asText())
                .contains("outside the folders this MCP server works in");
        assertThat(call("get_notebook", Map.of("notebook", outsideId), false).path("error").asText())
                .contains("outside the folders");

        Path key = Files.writeString(dir.resolve("id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY----- fake\n");
        Path rc = Files.writeString(dir.resolve("bashrc.py"), "export PATH=$HOME/bin:$PATH\n");
        Path ipynb = Files.writeString(dir.resolve("analysis.ipynb"), "{\"cells\": [], \"nbformat\": 4}");
        assertThat(call("open_notebook", Map.of("path", key.toString()), false).path("error").asText())
                .contains("is not a notebook");
        assertThat(call("open_notebook", Map.of("path", rc.toString()), false).path("error").asText())
                .contains("no cell marker");
        assertThat(call("open_notebook", Map.of("path", ipynb.toString()), false).path("error").asText())
                .contains("cellar import");
        assertThat(Files.readString(rc)).isEqualTo("export PATH=$HOME/bin:$PATH\n");
        Path empty = Files.writeString(dir.resolve("empty.py"), "");
        assertThat(call("open_notebook", Map.of("path", empty.toString()), true).path("cells").size()).isZero();
    }

    @Test
    void anAgentRewindsItsOwnTurn() throws Exception {
        byte[] before = Files.readAllBytes(nb);
        call("create_cell", Map.of("code", "extra = 1", "kind", "python"), true);
        call("update_cell", Map.of("cellId", "seed", "code", "seed = 21", "expectedVersion", 1), true);

        JsonNode r = call("rewind_turn", Map.of(), true);

        assertThat(r.path("changed")).extracting(JsonNode::asText).containsExactly("seed");
        assertThat(Files.readAllBytes(nb)).isEqualTo(before);
    }

    List<PendingApprovals.Pending> pending() {
        try {
            return alice.call(Methods.CHAT_PENDING, new NotebookParams(notebookId), PendingApprovals.class).calls();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<Event> snapshotOf(java.util.function.Predicate<Event> wanted) {
        synchronized (events) {
            return events.stream().filter(wanted).toList();
        }
    }

    static void await(BooleanSupplier condition) {
        dev.cellar.daemon.Await.poll("the condition", condition::getAsBoolean);
    }
}
