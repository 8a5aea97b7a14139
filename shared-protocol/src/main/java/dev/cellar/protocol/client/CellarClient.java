package dev.cellar.protocol.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Frames;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import dev.cellar.protocol.rpc.RpcMessages;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The JSON-RPC client every Cellar client uses: requests with futures, events to
 * listeners (on the client's I/O thread, in the order the daemon sent them).
 */
public final class CellarClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CopyOnWriteArrayList<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> closeListeners = new CopyOnWriteArrayList<>();

    private CellarClient(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Connects and introduces this client by name; the daemon records its edits as
     * {@code user:<clientName>}.
     */
    public static CellarClient connect(Path socket, String clientName) throws IOException {
        return open(UnixDomainSocketAddress.of(socket), NioDomainSocketChannel.class, Map.of("clientName", clientName));
    }

    /**
     * Connects over loopback TCP (a daemon started with {@code --tcp}); {@code token} is the
     * content of the daemon's {@code tcp-token} file.
     */
    public static CellarClient connectTcp(InetSocketAddress address, String token, String clientName) throws IOException {
        return open(address, NioSocketChannel.class, Map.of("clientName", clientName, "token", token));
    }

    private static CellarClient open(SocketAddress address, Class<? extends Channel> type, Map<String, String> hello)
            throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cellar-client", true),
                NioIoHandler.newFactory());
        CellarClient[] self = new CellarClient[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(type)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                new LineBasedFrameDecoder(Frames.DEFAULT_MAX_FRAME_BYTES),
                                new StringDecoder(StandardCharsets.UTF_8),
                                new SimpleChannelInboundHandler<String>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, String line) {
                                        self[0].receive(line);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        self[0].failPending(new IOException("the Cellar daemon closed the connection"));
                                        self[0].closeListeners.forEach(Runnable::run);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        // a reset or an over-long line: the connection is unusable, say so to every caller
                                        self[0].failPending(new IOException("connection to the Cellar daemon failed: "
                                                + cause.getMessage(), cause));
                                        ctx.close();
                                    }
                                });
                    }
                });
        try {
            Channel ch = bootstrap.connect(address).sync().channel();
            self[0] = new CellarClient(group, ch);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            throw new IOException("cannot connect to the Cellar daemon at " + address + ": " + e.getMessage(), e);
        }
        self[0].notify(Methods.DAEMON_HELLO, hello);
        return self[0];
    }

    public void onEvent(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** Called once the connection is gone (the daemon stopped, or {@link #close}). */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
    }

    /** Sends a request; the future fails with {@link RpcException} for an error answer. */
    public CompletableFuture<JsonNode> request(String method, Object params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, future);
        send(RpcMessages.request(id, method, params)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(id, new IOException("cannot send to the Cellar daemon: " + f.cause().getMessage()));
            }
        });
        if (!channel.isActive()) {
            fail(id, new IOException("not connected to the Cellar daemon"));
        }
        return future;
    }

    /** Sends a request and waits for its result. */
    public <T> T call(String method, Object params, Class<T> resultType) throws IOException {
        JsonNode result;
        try {
            result = request(method, params).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + method, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RpcException rpc) {
                throw rpc;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        return Json.convert(result, resultType);
    }

    /** A page of a cell's table output ({@code table.rows}): the rows the preview left out, never the whole table. */
    public dev.cellar.protocol.method.TableRows tableRows(dev.cellar.protocol.method.TableRowsParams params) throws IOException {
        return call(dev.cellar.protocol.method.Methods.TABLE_ROWS, params.validated(), dev.cellar.protocol.method.TableRows.class);
    }

    public void notify(String method, Object params) {
        send(RpcMessages.notification(method, params));
    }

    public boolean isConnected() {
        return channel.isActive();
    }

    private io.netty.channel.ChannelFuture send(JsonNode message) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        ByteBuf buf = Unpooled.buffer(bytes.length + 1).writeBytes(bytes).writeByte('\n');
        return channel.writeAndFlush(buf);
    }

    private void receive(String line) {
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return; // a daemon never sends this; nothing sensible to answer
        }
        if (msg.has("method")) {
            if (Methods.EVENT.equals(msg.path("method").asText())) {
                Event event = Json.convert(msg.get("params"), Event.class);
                listeners.forEach(l -> l.accept(event));
            }
            return;
        }
        JsonNode id = msg.get("id");
        if (id == null || !id.canConvertToLong()) {
            return;
        }
        CompletableFuture<JsonNode> future = pending.remove(id.asLong());
        if (future == null) {
            return;
        }
        JsonNode error = msg.get("error");
        if (error != null && !error.isNull()) {
            future.completeExceptionally(RpcException.fromWire(error.path("code").asInt(ErrorCode.INTERNAL_ERROR.code()),
                    error.path("message").asText("unknown error"), error.get("data")));
        } else {
            future.complete(msg.get("result"));
        }
    }

    private void fail(long id, Exception e) {
        CompletableFuture<JsonNode> future = pending.remove(id);
        if (future != null) {
            future.completeExceptionally(e);
        }
    }

    private void failPending(Exception e) {
        pending.keySet().forEach(id -> fail(id, e));
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
