package dev.cellar.daemon.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import java.nio.charset.StandardCharsets;

/** The pipeline of every connection: lines (bounded) → UTF-8 text → JSON-RPC. */
final class RpcChannelInitializer extends ChannelInitializer<Channel> {
    private final RpcDispatcher dispatcher;
    private final int maxFrameBytes;

    RpcChannelInitializer(RpcDispatcher dispatcher, int maxFrameBytes) {
        this.dispatcher = dispatcher;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(
                // failFast: an over-long line is refused as soon as it passes the limit, never buffered whole
                new LineBasedFrameDecoder(maxFrameBytes, true, true),
                new StringDecoder(StandardCharsets.UTF_8),
                new RpcHandler(dispatcher));
    }
}
