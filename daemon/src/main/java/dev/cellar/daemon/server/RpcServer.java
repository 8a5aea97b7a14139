package dev.cellar.daemon.server;

import dev.cellar.daemon.Daemon;
import dev.cellar.protocol.rpc.Frames;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The daemon's Unix domain socket server. */
public final class RpcServer implements AutoCloseable {
    private final Path socket;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rpc-accept", true),
            NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("rpc-io", true),
            NioIoHandler.newFactory());
    private Channel channel;

    private RpcServer(Path socket) {
        this.socket = socket;
    }

    public static RpcServer start(Path socket, Daemon daemon) throws IOException {
        SocketFolder.prepare(socket);
        RpcServer server = new RpcServer(socket);
        try {
            server.channel = new ServerBootstrap()
                    .group(server.boss, server.workers)
                    .channel(NioServerDomainSocketChannel.class)
                    .childHandler(new RpcChannelInitializer(new RpcDispatcher(daemon), Frames.DEFAULT_MAX_FRAME_BYTES))
                    .bind(UnixDomainSocketAddress.of(socket)).sync().channel();
            SocketFolder.restrict(socket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted while binding " + socket, e);
        } catch (RuntimeException e) {
            server.close();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        return server;
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a leftover socket file is detected as stale by the next daemon
        }
    }
}
