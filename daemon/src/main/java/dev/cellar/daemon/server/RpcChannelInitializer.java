package dev.cellar.daemon.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The pipeline of every connection: who may connect (peer uid on the Unix socket, a
 * token on TCP) → lines (bounded) → UTF-8 text → JSON-RPC.
 */
final class RpcChannelInitializer extends ChannelInitializer<Channel> {
    private final RpcDispatcher dispatcher;
    private final int maxFrameBytes;
    private final String owner;
    private final String token;

    /** For the Unix socket: only {@code owner} may connect. */
    static RpcChannelInitializer unix(RpcDispatcher dispatcher, int maxFrameBytes, String owner) {
        return new RpcChannelInitializer(dispatcher, maxFrameBytes, owner, null);
    }

    /** For TCP: the first message must carry {@code token}. */
    static RpcChannelInitializer tcp(RpcDispatcher dispatcher, int maxFrameBytes, String token) {
        return new RpcChannelInitializer(dispatcher, maxFrameBytes, null, token);
    }

    private RpcChannelInitializer(RpcDispatcher dispatcher, int maxFrameBytes, String owner, String token) {
        this.dispatcher = dispatcher;
        this.maxFrameBytes = maxFrameBytes;
        this.owner = owner;
        this.token = token;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (owner != null) {
            ch.pipeline().addLast(new PeerCheck(owner));
        }
        // failFast: an over-long line is refused as soon as it passes the limit, never buffered whole
        ch.pipeline().addLast(new LineBasedFrameDecoder(maxFrameBytes, true, true), new StringDecoder(StandardCharsets.UTF_8));
        if (token != null) {
            ch.pipeline().addLast(new TokenCheck(token));
        }
        ch.pipeline().addLast(new RpcHandler(dispatcher));
    }
}
