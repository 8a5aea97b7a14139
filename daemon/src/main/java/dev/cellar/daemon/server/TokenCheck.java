package dev.cellar.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the opt-in TCP listener: the first message must be {@code daemon.hello} carrying
 * the token from the daemon's 0600 token file; anything else closes the connection.
 */
final class TokenCheck extends SimpleChannelInboundHandler<String> {
    private final byte[] token;

    TokenCheck(String token) {
        super(false);
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** After a refusal nothing more the peer sends is read. */
    private static final class DiscardInbound extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        String given = null;
        try {
            JsonNode msg = Json.MAPPER.readTree(line);
            if (dev.cellar.protocol.method.Methods.DAEMON_HELLO.equals(msg.path("method").asText(null))) {
                given = msg.path("params").path("token").asText(null);
            }
        } catch (Exception e) {
            given = null;
        }
        if (given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(line); // the hello itself names the client
            return;
        }
        ctx.pipeline().addFirst(new DiscardInbound());
        Refusal.send(ctx, "a TCP connection must start with daemon.hello carrying the daemon's token");
    }
}
