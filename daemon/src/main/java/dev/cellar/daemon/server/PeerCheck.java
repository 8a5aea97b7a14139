package dev.cellar.daemon.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.util.ReferenceCountUtil;
import jdk.net.UnixDomainPrincipal;
import jdk.net.ExtendedSocketOptions;

/**
 * Lets only the daemon's own user in (SO_PEERCRED), whatever the socket's permissions
 * say: a second line of defence behind the 0700 folder.
 */
final class PeerCheck extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("cellar.server");
    private final String owner;
    private boolean refused;

    PeerCheck(String owner) {
        this.owner = owner;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String peer = peerUser(ctx);
        if (owner.equals(peer)) {
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
            return;
        }
        refused = true;
        LOG.log(System.Logger.Level.WARNING, "refused a connection from user " + peer);
        Refusal.send(ctx, "this Cellar daemon belongs to " + owner + "; connections from " + peer + " are refused");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // nothing a refused peer sends is read
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private static String peerUser(ChannelHandlerContext ctx) {
        try {
            UnixDomainPrincipal p = ctx.channel().config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
            return p == null ? "unknown" : p.user().getName();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
