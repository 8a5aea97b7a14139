package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.assistant.ApprovalPolicy;
import dev.cellar.daemon.assistant.AssistantConfig;
import dev.cellar.protocol.rpc.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cellar mcp} driven by the official MCP TypeScript SDK's client (a node script in
 * {@code src/test/mcp-node}, its packages installed by {@code npm ci}, which {@code .ci/run} does).
 */
@Timeout(180)
class McpNodeClientTest {
    static final Path CLIENT = Path.of("src/test/mcp-node").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theTypeScriptSdkClientInitializesListsTheToolsAndCallsOne() throws Exception {
        Assumptions.assumeTrue(onPath("node"), "node is not installed: the TypeScript SDK client test needs it");
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), CLIENT); // .ci/run does this; a fresh checkout too
        }
        Path socket = dir.resolve("cellar.sock");
        Path nb = dir.resolve("nb.py");
        Files.writeString(nb, "# cellar: python=graalpy\n\n# %% id=seed\nseed = 20\n");
        try (Daemon daemon = Daemon.start(socket, new AssistantConfig(null, null, "m", ApprovalPolicy.ASK_DESTRUCTIVE, 5,
                1000, Duration.ofSeconds(5)))) {
            List<String> command = new ArrayList<>(List.of("node", "client.mjs",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    CellarMain.class.getName(), "mcp", "--socket=" + socket, nb.toString()));
            String out = run(command, CLIENT);

            JsonNode answer = Json.MAPPER.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertThat(answer.path("server").path("name").asText()).isEqualTo("cellar");
            assertThat(answer.path("tools").findValuesAsText("name")).contains("get_notebook", "update_cell", "rewind_turn");
            JsonNode result = Json.MAPPER.readTree(answer.path("result").path("content").get(0).path("text").asText());
            assertThat(result.path("cells").get(0).path("id").asText()).isEqualTo("seed");
            assertThat(answer.path("result").path("isError").asBoolean()).isFalse();
        }
    }

    private static String run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", command.subList(0, 2)) + ": " + out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
