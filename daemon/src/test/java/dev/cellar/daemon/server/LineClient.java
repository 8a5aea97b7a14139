package dev.cellar.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A bare socket client that sends raw lines, so tests can send what a well-behaved client never would. */
final class LineClient implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    LineClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        out = Channels.newOutputStream(channel);
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    JsonNode read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed by the daemon");
        }
        return Json.MAPPER.readTree(line);
    }

    /** The next message that is not an event notification. */
    JsonNode readAnswer() throws IOException {
        JsonNode msg = read();
        while (msg.has("method")) {
            msg = read();
        }
        return msg;
    }

    JsonNode call(String line) throws IOException {
        send(line);
        return readAnswer();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
