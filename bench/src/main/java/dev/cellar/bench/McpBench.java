package dev.cellar.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.rpc.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The MCP tool-call overhead: an MCP client (the SDK's, as an agent host would be) calls
 * {@code get_cell} and {@code update_cell} through a real {@code cellar mcp} process over
 * stdio, which forwards to the daemon over its socket. Each sample is one full round trip
 * (client → stdio → cellar mcp → socket → daemon → back), on a 50-cell notebook.
 */
public final class McpBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path socket = dir.resolve("cellar.sock");
        StringBuilder file = new StringBuilder("# cellar: autorun=false\n");
        for (int i = 0; i < 50; i++) {
            file.append("\n# %% id=c").append(i).append("\nv").append(i).append(" = ").append(i).append('\n');
        }
        Path nb = dir.resolve("mcp.py");
        Files.writeString(nb, file);
        try (Daemon daemon = Daemon.start(socket)) {
            ServerParameters server = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                    .args("-cp", System.getProperty("java.class.path"), "dev.cellar.cli.CellarMain", "mcp",
                            "--socket=" + socket, nb.toString()).build();
            try (McpSyncClient client = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper())))
                    .clientInfo(new McpSchema.Implementation("bench", "1.0")).requestTimeout(Duration.ofSeconds(60)).build()) {
                client.initialize();
                long[] get = new long[n];
                long[] update = new long[n];
                long version = 1;
                for (int i = -50; i < n; i++) {
                    long start = System.nanoTime();
                    call(client, "get_cell", Map.of("cellId", "c49"));
                    long mid = System.nanoTime();
                    String r = call(client, "update_cell", Map.of("cellId", "c49", "code", "v49 = " + i, "expectedVersion", version));
                    long end = System.nanoTime();
                    version = Json.MAPPER.readTree(r).path("version").asLong();
                    if (i >= 0) {
                        get[i] = mid - start;
                        update[i] = end - mid;
                    }
                }
                System.out.printf("mcp get_cell     %s%n", Stats.ofNanos(get));
                System.out.printf("mcp update_cell  %s%n", Stats.ofNanos(update));
            }
        }
    }

    private static String call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        String text = ((McpSchema.TextContent) r.content().getFirst()).text();
        if (Boolean.TRUE.equals(r.isError())) {
            throw new IllegalStateException(tool + " failed: " + text);
        }
        return text;
    }
}
