package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.kernel.JvmFlags;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A daemon in a process of its own, for tests that kill it or watch what it leaves behind.
 * It logs to {@code logs/daemon.log} beside the socket's folder; a daemon that does not
 * come up is killed before the failure is reported, so none is ever left running.
 */
final class DaemonProcess {
    private DaemonProcess() {
    }

    static Process start(Path socket, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.daemon());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.cellar.daemon.DaemonMain",
                "--socket", socket.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(socket.getParent().getParent()
                        .resolve("logs")).resolve("daemon.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    return p;
                } catch (IOException notYet) {
                    assertThat(p.isAlive()).as("daemon process alive").isTrue();
                    Thread.sleep(50); // polling a socket that cannot notify us; bounded by the deadline
                }
            }
            throw new AssertionError("daemon did not start within 120 s");
        } catch (Throwable notStarted) {
            p.destroyForcibly();
            throw notStarted;
        }
    }
}
