package dev.cellar.daemon.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Frames;
import dev.cellar.protocol.rpc.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * Writes one JSON message as one line. A message longer than the frame clients accept is
 * never sent: they would refuse it and could not read anything after it.
 */
final class RpcWriter {
    /** The longest line a client's decoder accepts, newline included. */
    static final int MAX_FRAME_BYTES = Frames.DEFAULT_MAX_FRAME_BYTES;

    private RpcWriter() {
    }

    /** The message as a line, or null when it is too long to send. Call it off the I/O thread for big messages. */
    static byte[] encode(JsonNode message) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a message", e);
        }
        if (bytes.length + 1 > MAX_FRAME_BYTES) {
            return null;
        }
        byte[] line = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        line[bytes.length] = '\n';
        return line;
    }

    static ChannelFuture send(Channel channel, byte[] line) {
        return channel.writeAndFlush(Unpooled.wrappedBuffer(line));
    }

    /** For messages that are small by construction (errors, refusals, resyncs). */
    static ChannelFuture write(Channel channel, JsonNode message) {
        byte[] line = encode(message);
        if (line == null) {
            throw new IllegalStateException("a message that should be small exceeds the frame limit");
        }
        return send(channel, line);
    }
}
