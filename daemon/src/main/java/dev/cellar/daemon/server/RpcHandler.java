package dev.cellar.daemon.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import dev.cellar.protocol.rpc.RpcMessages;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import dev.cellar.protocol.method.Methods;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads JSON-RPC 2.0 messages, one per line, answers them (batches as batches,
 * notifications not at all), and keeps the connection open whatever a client sends.
 */
final class RpcHandler extends SimpleChannelInboundHandler<String> {
    private static final System.Logger LOG = System.getLogger("cellar.server");

    /** Answers a client may have pending before its next requests wait for it to read them. */
    static final int MAX_IN_FLIGHT = 16;

    private final RpcDispatcher dispatcher;
    private Connection connection;
    // both touched only on the channel's I/O thread
    private final ArrayDeque<JsonNode> waiting = new ArrayDeque<>();
    private int inFlight;

    RpcHandler(RpcDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new Connection(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.closed();
            dispatcher.closed(connection);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.writable();
        }
        drain(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        if (line.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            inFlight++;
            answer(ctx, RpcMessages.error(null, ErrorCode.PARSE_ERROR.code(), "Parse error: " + e.getOriginalMessage(), null));
            return;
        }
        if (Methods.isControl(message.path("method").asText(""))) {
            process(ctx, message); // an interrupt must not wait behind the requests it is meant to stop
        } else {
            waiting.add(message);
            drain(ctx);
        }
    }

    /**
     * Starts waiting requests while the client reads its answers. A client that sends
     * requests and never reads would otherwise make the daemon buffer every answer: past
     * the channel's high-water mark, or with {@link #MAX_IN_FLIGHT} answers pending, its
     * requests wait, and the socket is not read until they can go.
     */
    private void drain(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty() && inFlight < MAX_IN_FLIGHT && ctx.channel().isWritable()) {
            process(ctx, waiting.poll());
        }
        ctx.channel().config().setAutoRead(waiting.isEmpty());
    }

    private void process(ChannelHandlerContext ctx, JsonNode message) {
        inFlight++;
        if (message.isArray()) {
            handleBatch(ctx, (ArrayNode) message);
        } else {
            handle(message).thenAccept(answer -> answer(ctx, answer));
        }
    }

    private void handleBatch(ChannelHandlerContext ctx, ArrayNode batch) {
        if (batch.isEmpty()) {
            answer(ctx, RpcMessages.error(null, ErrorCode.INVALID_REQUEST.code(), "Invalid Request: empty batch", null));
            return;
        }
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        batch.forEach(m -> answers.add(handle(m)));
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenRun(() -> {
            ArrayNode out = Json.MAPPER.createArrayNode();
            answers.forEach(a -> {
                JsonNode answer = a.join();
                if (answer != null) {
                    out.add(answer);
                }
            });
            // a batch of notifications gets no answer at all
            answer(ctx, out.isEmpty() ? null : out);
        });
    }

    /** One request: its answer, or null for a notification. Never fails. */
    private CompletableFuture<JsonNode> handle(JsonNode message) {
        JsonNode id = message.get("id");
        boolean validId = id == null || id.isTextual() || id.isNumber() || id.isNull();
        JsonNode method = message.get("method");
        JsonNode params = message.get("params");
        if (!message.isObject() || method == null || !method.isTextual() || !validId
                || (params != null && !params.isObject() && !params.isArray())) {
            return CompletableFuture.completedFuture(RpcMessages.error(validId ? id : null,
                    ErrorCode.INVALID_REQUEST.code(), "Invalid Request", null));
        }
        JsonNode version = message.path("jsonrpc");
        if (!version.isTextual() || !version.textValue().equals("2.0")) { // the number 2.0 is not the version
            return CompletableFuture.completedFuture(RpcMessages.error(id, ErrorCode.INVALID_REQUEST.code(),
                    "Invalid Request: \"jsonrpc\" must be the string \"2.0\"", null));
        }
        boolean notification = id == null;
        CompletableFuture<?> result;
        try {
            result = dispatcher.dispatch(method.asText(), params, connection, id == null ? null : id.asText());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, error) -> {
            if (notification) {
                return null;
            }
            return error == null ? RpcMessages.result(id, value) : RpcMessages.error(id, ErrorMapper.toRpc(error));
        });
    }

    /**
     * Sends an answer (null: none, for notifications), or the error saying it is too large
     * to send; never a line the client would refuse. Encoded on the thread that produced
     * it, written on the channel's I/O thread, which then starts the next waiting request.
     */
    private void answer(ChannelHandlerContext ctx, JsonNode message) {
        byte[] line = message == null ? null : fitting(message);
        ctx.executor().execute(() -> {
            if (line != null) {
                RpcWriter.send(ctx.channel(), line);
            }
            inFlight--;
            drain(ctx);
        });
    }

    private static byte[] fitting(JsonNode message) {
        byte[] line = RpcWriter.encode(message);
        if (line == null && message instanceof ArrayNode batch) {
            ArrayNode fitting = Json.MAPPER.createArrayNode();
            batch.forEach(a -> fitting.add(RpcWriter.encode(a) == null ? TooLarge.answer(a) : a));
            line = RpcWriter.encode(fitting);
            if (line == null) {
                line = RpcWriter.encode(TooLarge.batch(batch));
            }
        } else if (line == null) {
            line = RpcWriter.encode(TooLarge.answer(message));
        }
        return line;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
            RpcException e = new RpcException(ErrorCode.FRAME_TOO_LARGE, "message too large: " + cause.getMessage());
            RpcWriter.write(ctx.channel(), RpcMessages.error(null, e));
            return;
        }
        if (cause instanceof java.net.SocketException) {
            // a client that went away without closing (killed, Ctrl-C): normal, no stack trace in the log
            LOG.log(System.Logger.Level.DEBUG, "client connection lost: " + cause.getMessage());
        } else {
            LOG.log(System.Logger.Level.WARNING, "connection failed; closing it", cause);
        }
        ctx.close();
    }
}
