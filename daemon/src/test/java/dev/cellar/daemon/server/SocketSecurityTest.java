package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.TcpToken;
import dev.cellar.protocol.rpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may talk to the daemon: its own user over the socket, a token holder over loopback TCP, nobody else. */
class SocketSecurityTest {
    @TempDir
    Path dir;

    @Test
    void anotherUserIsRefusedEvenWhenTheSocketsPermissionsWouldLetThemIn() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && Files.isExecutable(Path.of("/usr/bin/python3")), "needs root, setpriv and /usr/bin/python3");
        Path folder = dir.resolve("run");
        Path socket = folder.resolve("cellar.sock");
        try (Daemon daemon = Daemon.start(socket)) {
            // a misconfiguration that opens the folder and socket to everyone: the uid check still holds
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            String client = """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX)
                    s.connect(sys.argv[1])
                    s.sendall(b'{"jsonrpc":"2.0","method":"daemon.info","id":1}\\n')
                    data = b''
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    sys.stdout.write(data.decode())
                    """;
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    "/usr/bin/python3", "-c", client, socket.toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains("refused").contains("belongs to root").doesNotContain("\"result\"");
        }
    }

    @Test
    void theDaemonRefusesASocketFolderReachedThroughASymlink() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThatThrownBy(() -> Daemon.start(link.resolve("cellar.sock"))).hasMessageContaining("symlink");
    }

    @Test
    void theDaemonRefusesAFolderOthersCanReachAndNeverChangesItsMode() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> Daemon.start(shared.resolve("cellar.sock"))).hasMessageContaining("other users can reach it");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxrwxrwx");
    }

    @Test
    void theDaemonRefusesASocketFolderOwnedBySomeoneElse() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a folder away");
        Path folder = Files.createDirectory(dir.resolve("theirs"));
        Files.setOwner(folder, folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> Daemon.start(folder.resolve("cellar.sock"))).hasMessageContaining("owned by nobody");
    }

    @Test
    void tcpIsLoopbackOnlyAndNeedsTheTokenFromA0600File() throws Exception {
        Path socket = dir.resolve("tcp").resolve("cellar.sock");
        try (Daemon daemon = Daemon.start(socket)) {
            assertThatThrownBy(() -> daemon.listenTcp(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0)))
                    .hasMessageContaining("loopback only");
            InetSocketAddress bound = daemon.listenTcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path tokenFile = socket.getParent().resolve(TcpToken.FILE_NAME);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            String token = Files.readString(tokenFile).strip();

            JsonNode refused = tcp(bound, "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\",\"id\":1}", null);
            assertThat(refused.at("/error/message").asText()).contains("token");
            JsonNode wrong = tcp(bound, hello("not-the-token"), "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\",\"id\":1}");
            assertThat(wrong.at("/error/message").asText()).contains("token");
            JsonNode ok = tcp(bound, hello(token), "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\",\"id\":1}");
            assertThat(ok.at("/result/pid").asLong()).isEqualTo(ProcessHandle.current().pid());

            try (var client = dev.cellar.protocol.client.CellarClient.connectTcp(bound, token, "remote")) {
                assertThat(client.call("daemon.info", null, dev.cellar.protocol.method.DaemonInfo.class).pid())
                        .isEqualTo(ProcessHandle.current().pid());
            }
            try (var intruder = dev.cellar.protocol.client.CellarClient.connectTcp(bound, "guess", "intruder")) {
                assertThatThrownBy(() -> intruder.call("daemon.info", null, dev.cellar.protocol.method.DaemonInfo.class))
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    private static String hello(String token) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.hello\",\"params\":{\"clientName\":\"t\",\"token\":\"" + token + "\"}}";
    }

    /** Sends the lines and returns the first answer (or the refusal). */
    private static JsonNode tcp(InetSocketAddress address, String first, String second) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((first + "\n").getBytes(StandardCharsets.UTF_8));
            if (second != null) {
                out.write((second + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            assertThat(line).as("an answer before the connection closes").isNotNull();
            return Json.MAPPER.readTree(line);
        }
    }
}
