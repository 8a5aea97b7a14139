package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Daemon;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests must be what the specification and the method say: wrong types and unreadable files are refused at once. */
@org.junit.jupiter.api.Timeout(120)
class StrictRequestsTest {
    @TempDir
    static Path dir;
    static Daemon daemon;
    LineClient client;
    String nb;
    String cell;

    @BeforeAll
    static void startDaemon() throws IOException {
        daemon = Daemon.start(dir.resolve("cellar.sock"));
    }

    @AfterAll
    static void stopDaemon() {
        daemon.close();
    }

    @BeforeEach
    void openNotebook() throws IOException {
        client = new LineClient(dir.resolve("cellar.sock"));
        Path file = dir.resolve("strict.py");
        if (!Files.exists(file)) {
            Files.writeString(file, "# cellar: autorun=false\n");
        }
        nb = client.call(request("notebook.open", "{\"path\":\"" + file + "\"}")).at("/result/notebookId").asText();
        cell = client.call(request("cell.create", "{\"notebookId\":\"" + nb + "\",\"code\":\"a = 1\"}"))
                .at("/result/cell/id").asText();
    }

    private static String request(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":7}";
    }

    private JsonNode error(String line, int code) throws IOException {
        JsonNode r = client.call(line);
        assertThat(r.at("/error/code").asInt()).as(r.toString()).isEqualTo(code);
        assertThat(r.at("/error/message").asText()).doesNotContain("java.", "Exception", "\n\tat ");
        assertThat(client.call(request("daemon.info", "{}")).has("result")).as("the connection still works").isTrue();
        return r.get("error");
    }

    @Test
    void theVersionMustBeTheString2point0() throws IOException {
        assertThat(error("{\"jsonrpc\":2.0,\"method\":\"daemon.info\",\"id\":1}", -32600).path("message").asText())
                .contains("must be the string \"2.0\"");
        error("{\"jsonrpc\":\"2\",\"method\":\"daemon.info\",\"id\":1}", -32600);
    }

    @Test
    void aMemberOfTheWrongTypeIsInvalidParamsNamingIt() throws IOException {
        String target = "\"notebookId\":\"" + nb + "\",\"cellId\":\"" + cell + "\"";
        assertThat(error(request("cell.update", "{" + target + ",\"code\":\"a = 2\",\"expectedVersion\":1.5}"), -32602)
                .path("message").asText()).contains("'expectedVersion'").contains("an integer");
        assertThat(error(request("cell.update", "{" + target + ",\"code\":123}"), -32602).path("message").asText())
                .contains("'code'").contains("a string");
        assertThat(error(request("cell.create", "{\"notebookId\":\"" + nb + "\",\"code\":\"x\",\"kind\":0}"), -32602)
                .path("message").asText()).contains("'kind'");
        assertThat(error(request("cell.run", "{\"notebookId\":\"" + nb + "\",\"cellIds\":[\"" + cell + "\"],\"wait\":1}"),
                -32602).path("message").asText()).contains("'wait'");
        assertThat(error(request("cell.move", "{" + target + ",\"index\":\"0\"}"), -32602).path("message").asText())
                .contains("'index'");
        assertThat(error(request("notebook.open", "{\"path\":\"" + dir.resolve("x.py") + "\",\"create\":\"yes\"}"), -32602)
                .path("message").asText()).contains("'create'");
        JsonNode unchanged = client.call(request("notebook.get", "{\"notebookId\":\"" + nb + "\"}"));
        assertThat(unchanged.at("/result/cells/0/code").asText()).isEqualTo("a = 1");
    }

    @Test
    void onlyRegularFilesOpenAsNotebooks() throws Exception {
        Path link = dir.resolve("environ.py");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/proc/self/environ"));
        for (String path : new String[] {"/proc/self/environ", link.toString(), "/dev/zero", dir.toString()}) {
            assertThat(error(request("notebook.open", "{\"path\":\"" + path + "\"}"), -32004).path("message").asText())
                    .as(path).containsAnyOf("not a regular file", "not a notebook");
        }
        Path fifo = dir.resolve("fifo.py");
        if (!Files.exists(fifo)) {
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        }
        error(request("notebook.open", "{\"path\":\"" + fifo + "\"}"), -32004); // answered, not blocked reading a FIFO
        Files.delete(link);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWithoutBeingRead() throws Exception {
        Path huge = dir.resolve("huge.py");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(65L << 20); // sparse: costs no disk, would cost 65 MB and more to read
        }
        assertThat(error(request("notebook.open", "{\"path\":\"" + huge + "\"}"), -32004).path("message").asText())
                .contains("too large to open").contains("CELLAR_MAX_NOTEBOOK_SIZE");
    }

    @Test
    void oneCellsCodeHasASizeLimit() throws IOException {
        String big = "#" + "c".repeat(9_000_000);
        assertThat(error(request("cell.create", "{\"notebookId\":\"" + nb + "\",\"code\":\"" + big + "\"}"), -32602)
                .path("message").asText()).contains("code is too large");
        assertThat(error(request("cell.update", "{\"notebookId\":\"" + nb + "\",\"cellId\":\"" + cell + "\",\"code\":\""
                + big + "\"}"), -32602).path("message").asText()).contains("code is too large");
    }
}
