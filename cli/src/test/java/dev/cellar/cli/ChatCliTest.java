package dev.cellar.cli;

import static dev.cellar.daemon.assistant.ScriptedModelServer.call;
import static dev.cellar.daemon.assistant.ScriptedModelServer.lastToolResult;
import static dev.cellar.daemon.assistant.ScriptedModelServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.assistant.ApprovalPolicy;
import dev.cellar.daemon.assistant.AssistantConfig;
import dev.cellar.daemon.assistant.ScriptedModelServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** cellar chat against a real daemon whose assistant talks to a scripted OpenAI-compatible server. */
@Timeout(120)
class ChatCliTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    Result cellar(Path socket, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = args[0];
        all[1] = "--socket=" + socket;
        System.arraycopy(args, 1, all, 2, args.length - 1);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CellarMain.execute(all, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void chatStreamsTheTurnAndItsToolCallsThenShowsTheHistory() throws Exception {
        try (ScriptedModelServer model = new ScriptedModelServer()) {
            Path socket = dir.resolve("cellar.sock");
            model.then(call("c1", "create_cell", "{\"code\":\"answer = 6 * 7\",\"kind\":\"python\",\"afterCellId\":null,\"out\":null}"))
                    .then(req -> call("c2", "run_cells", "{\"cellIds\":[\"" + lastToolResult(req).path("cellId").asText() + "\"]}"))
                    .then(text("The answer ", "is 42."));
            try (Daemon daemon = Daemon.start(socket, new AssistantConfig(model.baseUrl(), "k", "scripted",
                    ApprovalPolicy.ASK_DESTRUCTIVE, 10, 100_000, Duration.ofSeconds(30)))) {
                String nb = dir.resolve("nb.py").toString();
                Files.writeString(Path.of(nb), "# cellar: autorun=false python=graalpy\n");
                Result r = cellar(socket, "chat", nb, "compute the answer");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).contains("→ create_cell", "→ run_cells", "✓", "The answer is 42.");
                assertThat(Files.readString(Path.of(nb))).contains("answer = 6 * 7");

                Result h = cellar(socket, "chat", nb, "--history");
                assertThat(h.out()).contains("you: compute the answer", "assistant: The answer is 42.", "→ create_cell");
            }
        }
    }

    @Test
    void chatWithoutAnEndpointExplainsHowToConfigureOne() throws Exception {
        Path socket = dir.resolve("none.sock");
        try (Daemon daemon = Daemon.start(socket, new AssistantConfig(null, null, "m", ApprovalPolicy.AUTO, 5, 1000,
                Duration.ofSeconds(5)))) {
            String nb = dir.resolve("nb2.py").toString();
            Files.writeString(Path.of(nb), "# cellar: python=graalpy\n");
            Result r = cellar(socket, "chat", nb, "hello");
            assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
            assertThat(r.err()).contains("OPENAI_BASE_URL", "Ollama").doesNotContain("\tat ");
        }
    }
}
