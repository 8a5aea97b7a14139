package dev.cellar.daemon.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/** Writes one JSON message as one line. */
final class RpcWriter {
    private RpcWriter() {
    }

    static ChannelFuture write(Channel channel, JsonNode message) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a message", e);
        }
        ByteBuf buf = Unpooled.buffer(bytes.length + 1).writeBytes(bytes).writeByte('\n');
        return channel.writeAndFlush(buf);
    }
}
