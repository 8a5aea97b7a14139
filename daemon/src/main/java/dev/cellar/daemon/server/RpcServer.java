package dev.cellar.daemon.server;

import dev.cellar.protocol.rpc.Frames;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The daemon's listeners: the Unix domain socket, and TCP on loopback when asked for. */
public final class RpcServer implements AutoCloseable {
    /** Past this many unsent bytes a client stops getting events (it is told to resync later). */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final Path socket;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rpc-accept", true),
            NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("rpc-io", true),
            NioIoHandler.newFactory());
    private final List<Channel> listeners = new ArrayList<>();
    private final RpcDispatcher dispatcher;

    private RpcServer(Path socket, ServedDaemon daemon) {
        this.socket = socket;
        this.dispatcher = new RpcDispatcher(daemon);
    }

    public static RpcServer start(Path socket, ServedDaemon daemon) throws IOException {
        SocketFolder.prepare(socket);
        RpcServer server = new RpcServer(socket, daemon);
        try {
            server.listen(NioServerDomainSocketChannel.class, UnixDomainSocketAddress.of(socket),
                    RpcChannelInitializer.unix(server.dispatcher, Frames.DEFAULT_MAX_FRAME_BYTES,
                            System.getProperty("user.name")));
            SocketFolder.restrict(socket);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Also listens on TCP; only loopback addresses, and every connection must show {@code token}. */
    public InetSocketAddress listenTcp(InetSocketAddress address, String token) throws IOException {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IOException("TCP is for loopback only (127.0.0.1 or ::1), not " + address.getHostString());
        }
        Channel ch = listen(NioServerSocketChannel.class, address,
                RpcChannelInitializer.tcp(dispatcher, Frames.DEFAULT_MAX_FRAME_BYTES, token));
        return (InetSocketAddress) ch.localAddress();
    }

    private Channel listen(Class<? extends io.netty.channel.ServerChannel> type, java.net.SocketAddress address,
                           RpcChannelInitializer initializer) throws IOException {
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(type)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(initializer)
                    .bind(address).sync().channel();
            listeners.add(ch);
            return ch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + address, e);
        } catch (RuntimeException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        listeners.forEach(ch -> ch.close().syncUninterruptibly());
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a leftover socket file is detected as stale by the next daemon
        }
    }
}
