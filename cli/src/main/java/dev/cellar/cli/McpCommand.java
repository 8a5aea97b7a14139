package dev.cellar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.AgentTools;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mcp", description = {"Serve the daemon's notebook tools to an external agent over MCP (stdio).",
        "Claude Code: claude mcp add cellar -- cellar mcp [NOTEBOOK…]",
        "The agent works only in the notebooks named here and under the roots its host declares (else the working "
                + "directory): other notebooks are neither listed nor opened.",
        "The agent's calls are the assistant's tools, with actor agent:<its name>: same versions, conflicts, "
                + "approvals (answered with cellar approve or in the TUI), events and rewindable turns."})
final class McpCommand extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NOTEBOOK", description = "Notebooks to open and offer as resources.")
    List<Path> notebooks = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // stdout carries MCP frames only: anything else printed there would break the agent's session
        PrintStream frames = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        System.setOut(System.err);
        CountDownLatch stdinClosed = new CountDownLatch(1);
        try (CellarClient client = daemon.connect("agent:mcp")) {
            McpBridge bridge = new McpBridge(client, notebooks.stream().map(p -> p.toAbsolutePath().normalize()).toList(),
                    Path.of("").toAbsolutePath());
            for (Path nb : notebooks) {
                NotebookSnapshot s = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(nb.toAbsolutePath().toString(), false),
                        NotebookSnapshot.class);
                bridge.offer(s.notebookId(), Path.of(s.path()));
            }
            AgentTools tools = client.call(Methods.AGENT_TOOLS, null, AgentTools.class);
            var transport = new StdioServerTransportProvider(new JacksonMcpJsonMapper(new ObjectMapper()),
                    signalling(System.in, stdinClosed), frames);
            McpSyncServer server = McpServer.sync(transport)
                    .serverInfo("cellar", "0.1.0")
                    .instructions("Cellar notebooks: reactive Python/SQL cells shared with people. Pass update_cell the "
                            + "version you last saw; on a conflict, merge the person's change. Calls may wait for a "
                            + "person's approval.")
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(true, true).build())
                    .tools(bridge.tools(tools))
                    .resources(bridge.resources())
                    .rootsChangeHandler((exchange, roots) -> bridge.rootsChanged(roots))
                    .build();
            bridge.attach(server);
            client.onClose(stdinClosed::countDown);
            stdinClosed.await();
            server.closeGracefully();
        }
        return ExitCode.OK;
    }

    /** Counts down when the agent closes our stdin: its session is over. */
    private static InputStream signalling(InputStream in, CountDownLatch closed) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ended(super.read(b, off, len));
            }

            private int ended(int n) {
                if (n < 0) {
                    closed.countDown();
                }
                return n;
            }
        };
    }
}
