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
    void rewindUndoesTheLastTurnExplainsAConflictAndForceOverwrites() throws Exception {
        try (ScriptedModelServer model = new ScriptedModelServer()) {
            Path socket = dir.resolve("cellar.sock");
            model.then(call("c1", "update_cell", "{\"cellId\":\"base\",\"code\":\"a = 2\",\"expectedVersion\":1}"))
                    .then(call("c2", "create_cell", "{\"code\":\"b = a\",\"kind\":\"python\",\"afterCellId\":null,\"out\":null}"))
                    .then(text("Done."));
            try (Daemon daemon = Daemon.start(socket, new AssistantConfig(model.baseUrl(), "k", "scripted",
                    ApprovalPolicy.AUTO, 10, 100_000, Duration.ofSeconds(30)))) {
                Path nb = dir.resolve("nb.py");
                String original = "# cellar: autorun=false python=graalpy\n\n# %% id=\"base\"\na = 1\n";
                Files.writeString(nb, original);
                assertThat(cellar(socket, "chat", nb.toString(), "change a").exit()).isZero();
                try (var alice = dev.cellar.protocol.client.CellarClient.connect(socket, "alice")) {
                    String id = alice.call(dev.cellar.protocol.method.Methods.NOTEBOOK_OPEN,
                            new dev.cellar.protocol.method.OpenParams(nb.toString(), false),
                            dev.cellar.protocol.model.NotebookSnapshot.class).notebookId();
                    alice.call(dev.cellar.protocol.method.Methods.CELL_UPDATE,
                            new dev.cellar.protocol.method.UpdateCellParams(id, "base", "a = 3", 2L), Object.class);
                }

                Result refused = cellar(socket, "chat", nb.toString(), "--rewind");
                assertThat(refused.exit()).isEqualTo(ExitCode.FAILED);
                assertThat(refused.err()).contains("turn-1 cannot be rewound", "cell base: the turn left version 2 (a = 2)",
                        "(a = 3)", "--rewind turn-1 --force=base").doesNotContain("\tat ");
                assertThat(Files.readString(nb)).contains("a = 3", "b = a");

                Result forced = cellar(socket, "chat", nb.toString(), "--rewind", "turn-1", "--force");
                assertThat(forced.exit()).as(forced.err()).isZero();
                assertThat(forced.out()).contains("rewound turn-1", "changed back base");
                assertThat(Files.readString(nb)).isEqualTo(original);

                assertThat(cellar(socket, "chat", nb.toString(), "--rewind").out()).contains("turn-1 was already rewound");
                assertThat(cellar(socket, "chat", nb.toString(), "--history").out())
                        .contains("turn-1", "\"change a\"", "changed base", "(rewound)");
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
