package dev.cellar.daemon.server;

import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcMessages;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/** Turns a client away with one error message it can actually read. */
final class Refusal {
    private Refusal() {
    }

    static void send(ChannelHandlerContext ctx, String message) {
        RpcWriter.write(ctx.channel(), RpcMessages.error(null, ErrorCode.INVALID_REQUEST.code(), message, null))
                .addListener(f -> {
                    // half-close so the message is read: a full close with unread input resets the
                    // peer before it sees it. The connection goes for good a moment later.
                    if (ctx.channel() instanceof DuplexChannel duplex) {
                        duplex.shutdownOutput();
                    }
                    ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
                });
    }
}
