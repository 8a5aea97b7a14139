package dev.cellar.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestPython;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A loopback TCP client's process, found from the kernel's tables: another process, and this one. */
@Timeout(60)
class LoopbackPeerTest {

    private static long peerOf(Socket accepted) {
        return LoopbackPeer.pid((InetSocketAddress) accepted.getRemoteSocketAddress(),
                (InetSocketAddress) accepted.getLocalSocketAddress());
    }

    @Test
    void aClientInThisProcessIsThisProcess() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            assertThat(client.isConnected()).isTrue();
            assertThat(peerOf(accepted)).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aClientProcessIsFoundByItsSocket() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython to play the client");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process client = new ProcessBuilder(TestPython.cpython().toString(), "-c",
                    "import socket, sys; s = socket.create_connection(('127.0.0.1', " + server.getLocalPort() + ")); "
                            + "sys.stdin.read()").start();
            try (Socket accepted = server.accept()) {
                assertThat(peerOf(accepted)).isEqualTo(client.pid());
            } finally {
                client.getOutputStream().close();
                client.waitFor();
            }
        }
    }
}
