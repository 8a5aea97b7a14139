package dev.cellar.daemon.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.AgentCallParams;
import dev.cellar.protocol.method.AgentCallResult;
import dev.cellar.protocol.method.ChatApproveParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doors of issue 20 an agent goes through, over a real socket with real processes: who
 * may approve its calls (not a process of its own host), where it may work (its roots), and
 * SQL on a database server counting as unconfined.
 */
@Timeout(180)
class AgentDoorsTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final AssistantFixture f = new AssistantFixture();

    private Path socket() {
        return dir.resolve("cellar.sock");
    }

    private static JsonNode json(AgentCallResult r) throws Exception {
        return Json.MAPPER.readTree(r.json());
    }

    private List<PendingApprovals.Pending> pending() throws Exception {
        return f.user.call(Methods.CHAT_PENDING, new NotebookParams(f.nb), PendingApprovals.class).calls();
    }

    /**
     * A stand-in MCP host (a Python process) starts two children, as Claude Code starts the
     * {@code cellar mcp} server and, for its Bash tool, a shell: the "server" connects as an agent
     * and asks to delete a cell (it waits: ask-destructive); the "shell" connects with a made-up
     * person's name and approves that call. The daemon refuses that approval: the kernel says which
     * process it is (SO_PEERCRED), and it descends from the agent's host. alice, in this test JVM
     * (the host's parent, not its descendant), approves and the call goes ahead.
     */
    @Test
    void anApprovalFromTheAgentsHostTreeIsRefusedAndAPersonsAccepted() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython to play the MCP host");
        f.start(socket(), ApprovalPolicy.ASK_DESTRUCTIVE).connect(socket());
        Path nb = dir.resolve("nb.py");
        f.open(nb, "# cellar: " + AssistantFixture.anyPython() + " approval=ask-destructive\n\n# %% [markdown] id=doomed\n# x\n");
        Path script = Files.writeString(dir.resolve("host.py"), HOST);
        Process host = new ProcessBuilder(TestPython.cpython().toString(), script.toString(), socket().toString(), nb.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            String approver = out.readLine();
            assertThat(approver).as("the host's report").startsWith("approver ");
            JsonNode refused = Json.MAPPER.readTree(approver.substring("approver ".length()));
            assertThat(refused.path("error").path("message").asText())
                    .contains("only a person may approve").contains("started by the agent's MCP host (pid " + host.pid());
            assertThat(pending()).extracting(PendingApprovals.Pending::tool).containsExactly("delete_cell");

            f.user.call(Methods.CHAT_APPROVE, new ChatApproveParams(f.nb, pending().getFirst().callId(), true), Object.class);
            String agent = out.readLine();
            assertThat(agent).as("the host's report").startsWith("agent ");
            JsonNode result = Json.MAPPER.readTree(agent.substring("agent ".length())).path("result");
            assertThat(result.path("ok").asBoolean()).as(agent).isTrue();
            assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(f.snapshot().cell("doomed")).isNull();
        } finally {
            host.descendants().forEach(ProcessHandle::destroyForcibly);
            host.destroyForcibly();
        }
    }

    /** The host (argv: socket, notebook): starts the "server" and the "shell", reports what each got. */
    private static final String HOST = """
            import json, socket, subprocess, sys, time

            def connect(path, name):
                s = socket.socket(socket.AF_UNIX)
                s.connect(path)
                f = s.makefile('rw', encoding='utf-8')
                call(f, 'daemon.hello', {'clientName': name})
                return f

            def call(f, method, params, ident=[0]):
                ident[0] += 1
                f.write(json.dumps({'jsonrpc': '2.0', 'id': ident[0], 'method': method, 'params': params}) + '\\n')
                f.flush()
                while True:
                    answer = json.loads(f.readline())
                    if answer.get('id') == ident[0]:
                        return answer

            sock, nb = sys.argv[1], sys.argv[2]
            if len(sys.argv) > 3 and sys.argv[3] == 'server':
                f = connect(sock, 'agent:claude-code')
                answer = call(f, 'agent.call', {'tool': 'delete_cell', 'arguments': {'notebook': nb, 'cellId': 'doomed'}})
                print(json.dumps(answer), flush=True)
            elif len(sys.argv) > 3 and sys.argv[3] == 'shell':
                f = connect(sock, 'totally-a-person')
                notebook = call(f, 'notebook.open', {'path': nb})['result']['notebookId']
                while True:
                    calls = call(f, 'chat.pending', {'notebookId': notebook})['result']['calls']
                    if calls:
                        break
                    time.sleep(0.02)
                answer = call(f, 'chat.approve', {'notebookId': notebook, 'callId': calls[0]['callId'], 'approved': True})
                print(json.dumps(answer), flush=True)
            else:
                server = subprocess.Popen([sys.executable, sys.argv[0], sock, nb, 'server'], stdout=subprocess.PIPE, text=True)
                shell = subprocess.run([sys.executable, sys.argv[0], sock, nb, 'shell'], stdout=subprocess.PIPE, text=True)
                print('approver ' + shell.stdout.strip(), flush=True)
                print('agent ' + server.stdout.readline().strip(), flush=True)
                server.wait()
            """;

    /** The agent's {@code run_cells} of {@code cell}, once it waits for a person's approval (it must not go ahead). */
    private CompletableFuture<AgentCallResult> runWaitingForAPerson(CellarClient agent, String cell) throws Exception {
        CompletableFuture<AgentCallResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return agent.call(Methods.AGENT_CALL, new AgentCallParams("run_cells",
                        Json.MAPPER.valueToTree(Map.of("notebook", f.nb, "cellIds", List.of(cell)))), AgentCallResult.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AssistantFixture.waitFor("the agent's SQL to wait for approval", () -> {
            try {
                return !pending().isEmpty() || run.isDone();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(run).as("the run went ahead without a person").isNotDone();
        return run;
    }

    /**
     * Issue 20, route 5: in a confined notebook whose SQL runs on PostgreSQL, an agent's SQL ran
     * without approval ({@code COPY … TO PROGRAM} included) and the status said the notebook was
     * sandboxed. SQL on a server is unconfined: the status says so, the agent's SQL cell does not
     * run by itself, and running it waits for a person.
     */
    @Test
    void anAgentsSqlOnPostgresWaitsForAPersonInASandboxedNotebook() throws Exception {
        String url = System.getenv().getOrDefault("CELLAR_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        try (var c = DriverManager.getConnection(url)) {
            c.isValid(2);
        } catch (java.sql.SQLException e) {
            assumeTrue(!"true".equals(System.getenv("CI")), "CI must provide PostgreSQL at " + url);
            assumeTrue(false, "no PostgreSQL at " + url + " (" + e.getMessage() + ")");
        }
        f.start(socket(), ApprovalPolicy.ASK_DESTRUCTIVE).connect(socket());
        Path nb = dir.resolve("pg.py");
        NotebookSnapshot opened = f.open(nb, "# cellar: " + AssistantFixture.confinedPython() + " approval=ask-destructive sql="
                + url + "\n");
        assumeTrue(!List.of("off", "unavailable").contains(opened.kernel().sandbox()), "this machine cannot confine the kernel");
        assertThat(opened.kernel().sql()).isEqualTo("unconfined (postgresql)");
        assertThat(opened.kernel().confinementLine()).contains("sql: unconfined (postgresql)");

        try (CellarClient agent = CellarClient.connect(socket(), "agent:claude-code")) {
            AgentCallResult created = agent.call(Methods.AGENT_CALL, new AgentCallParams("create_cell",
                    Json.MAPPER.valueToTree(Map.of("notebook", f.nb, "kind", "sql", "code", "SELECT 6 * 7 AS answer"))),
                    AgentCallResult.class);
            assertThat(created.ok()).as(created.json()).isTrue();
            String cell = json(created).path("cellId").asText();
            CompletableFuture<AgentCallResult> run = runWaitingForAPerson(agent, cell);
            assertThat(pending().getFirst().why()).contains("SQL on a database server").contains("postgresql");
            assertThat(f.snapshot().cell(cell).status()).as("created, not run").isNotEqualTo(CellStatus.OK);

            f.user.call(Methods.CHAT_APPROVE, new ChatApproveParams(f.nb, pending().getFirst().callId(), false), Object.class);
            AgentCallResult refused = run.get(60, TimeUnit.SECONDS);
            assertThat(refused.ok()).isFalse();
            assertThat(f.snapshot().cell(cell).status()).isNotEqualTo(CellStatus.OK);
        }
    }

    /**
     * A cell's marker line is an agent's to write, the header's {@code conns=} a person's: in a confined
     * notebook on DuckDB whose header allows {@code @pg}, an agent's SQL cell on {@code @pg} is written
     * with {@code conn="@pg"}, the status names that connection unconfined, and running it waits for a
     * person (nothing reaches the server here: the run is refused).
     */
    @Test
    void anAgentsCellOnAnAllowedNamedConnectionWaitsForAPersonInASandboxedNotebook() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        System.setProperty("cellar.config.dir", config.toString());
        try {
            dev.cellar.protocol.config.NamedConnections.put(config.resolve("connections.json"),
                    new dev.cellar.protocol.config.NamedConnection("pg", "jdbc:postgresql://127.0.0.1:5432/test", null, null));
            f.start(socket(), ApprovalPolicy.ASK_DESTRUCTIVE).connect(socket());
            Path nb = dir.resolve("conns.py");
            NotebookSnapshot opened = f.open(nb, "# cellar: " + AssistantFixture.confinedPython()
                    + " approval=ask-destructive conns=@pg\n");
            assumeTrue(!List.of("off", "unavailable").contains(opened.kernel().sandbox()), "this machine cannot confine the kernel");
            assertThat(opened.kernel().confinementLine()).contains("sql: duckdb (confined), unconfined (postgresql @pg)");

            try (CellarClient agent = CellarClient.connect(socket(), "agent:claude-code")) {
                AgentCallResult created = agent.call(Methods.AGENT_CALL, new AgentCallParams("create_cell",
                        Json.MAPPER.valueToTree(Map.of("notebook", f.nb, "kind", "sql", "code", "SELECT 6 * 7 AS answer",
                                "conn", "@pg"))), AgentCallResult.class);
                assertThat(created.ok()).as(created.json()).isTrue();
                String cell = json(created).path("cellId").asText();
                assertThat(f.snapshot().cell(cell).conn()).isEqualTo("@pg");
                AssistantFixture.waitFor("the cell on the file's marker line", () -> {
                    try {
                        return Files.readString(nb).contains("conn=\"@pg\"\n# SELECT 6 * 7 AS answer");
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                CompletableFuture<AgentCallResult> run = runWaitingForAPerson(agent, cell);
                assertThat(pending().getFirst().why()).contains("SQL on a database server", "@pg");
                f.user.call(Methods.CHAT_APPROVE, new ChatApproveParams(f.nb, pending().getFirst().callId(), false), Object.class);
                assertThat(run.get(60, TimeUnit.SECONDS).ok()).isFalse();
                assertThat(f.snapshot().cell(cell).status()).isNotEqualTo(CellStatus.OK);
            }
        } finally {
            System.clearProperty("cellar.config.dir");
        }
    }

    /** An agent works only under its roots: notebooks elsewhere are neither listed nor opened, by path or by id. */
    @Test
    void anAgentSeesAndOpensOnlyNotebooksUnderItsRoots() throws Exception {
        f.start(socket(), ApprovalPolicy.ASK_DESTRUCTIVE).connect(socket());
        Path inside = Files.createDirectories(dir.resolve("project"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Path mine = Files.writeString(inside.resolve("mine.py"), "# cellar: autorun=false\n");
        Path theirs = Files.writeString(outside.resolve("theirs.py"), "# cellar: autorun=false\n");
        Files.createSymbolicLink(inside.resolve("way-out.py"), theirs);
        f.open(theirs, null); // a person has it open: the agent still must not see it
        String theirsId = f.nb;
        List<String> roots = List.of(inside.toString());
        try (CellarClient agent = CellarClient.connect(socket(), "agent:claude-code")) {
            AgentCallResult open = agent.call(Methods.AGENT_CALL, new AgentCallParams("open_notebook",
                    Json.MAPPER.valueToTree(Map.of("path", mine.toString())), roots), AgentCallResult.class);
            assertThat(open.ok()).as(open.json()).isTrue();
            for (String path : new String[] {theirs.toString(), inside.resolve("way-out.py").toString(),
                inside.resolve("../elsewhere/theirs.py").toString()}) {
                AgentCallResult refused = agent.call(Methods.AGENT_CALL, new AgentCallParams("open_notebook",
                        Json.MAPPER.valueToTree(Map.of("path", path)), roots), AgentCallResult.class);
                assertThat(refused.ok()).as(path).isFalse();
                assertThat(json(refused).path("error").asText()).contains("outside the folders this MCP server works in");
            }
            AgentCallResult byId = agent.call(Methods.AGENT_CALL, new AgentCallParams("get_notebook",
                    Json.MAPPER.valueToTree(Map.of("notebook", theirsId)), roots), AgentCallResult.class);
            assertThat(byId.ok()).isFalse();
            AgentCallResult list = agent.call(Methods.AGENT_CALL, new AgentCallParams("list_notebooks",
                    Json.MAPPER.createObjectNode(), roots), AgentCallResult.class);
            assertThat(json(list).path("notebooks").findValuesAsText("path")).containsExactly(mine.toRealPath().toString());
        }
    }
}
