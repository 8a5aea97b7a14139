package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions server on loopback that plays a script: each
 * request takes the next step, which may look at the request (the tool results the model
 * was sent) and answers with streamed chunks (SSE), an HTTP error, or silence. The real
 * SDK talks to it over real HTTP; only the model's choices are scripted.
 */
public final class ScriptedModelServer implements AutoCloseable {
    private final HttpServer server;
    private final BlockingQueue<Function<JsonNode, Reply>> script = new LinkedBlockingQueue<>();
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    public sealed interface Reply { }

    /** Streamed text, one chunk per piece, {@code delayMs} apart. */
    public record Text(List<String> pieces, long delayMs) implements Reply { }

    /** Tool calls; each call's arguments are sent in two chunks, as real servers do. */
    public record Calls(List<Call> calls) implements Reply { }

    public record Call(String id, String name, String arguments) { }

    public record Status(int code) implements Reply { }

    /** Accept the request and say nothing for this long. */
    public record Silence(long millis) implements Reply { }

    public ScriptedModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public ScriptedModelServer then(Function<JsonNode, Reply> step) {
        script.add(step);
        return this;
    }

    public ScriptedModelServer then(Reply reply) {
        return then(request -> reply);
    }

    public static Reply text(String... pieces) {
        return new Text(List.of(pieces), 0);
    }

    public static Reply call(String id, String name, String arguments) {
        return new Calls(List.of(new Call(id, name, arguments)));
    }

    /** The JSON the model got back from its last tool call. */
    public static JsonNode lastToolResult(JsonNode request) {
        JsonNode messages = request.get("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("tool".equals(messages.get(i).path("role").asText())) {
                try {
                    return Json.MAPPER.readTree(messages.get(i).path("content").asText());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no tool result in the request");
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode request = Json.MAPPER.readTree(ex.getRequestBody());
        requests.add(request);
        Function<JsonNode, Reply> step;
        try {
            step = script.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Reply reply = step == null ? new Status(599) : step.apply(request);
        try (ex) {
            switch (reply) {
                case Status s -> {
                    byte[] body = ("{\"error\":{\"message\":\"scripted failure " + s.code() + "\",\"type\":\"server_error\"}}")
                            .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(s.code(), body.length);
                    ex.getResponseBody().write(body);
                }
                case Silence s -> sleep(s.millis());
                case Text t -> stream(ex, out -> {
                    for (String piece : t.pieces()) {
                        send(out, Json.MAPPER.createObjectNode().put("content", piece), null);
                        sleep(t.delayMs());
                    }
                    send(out, Json.MAPPER.createObjectNode(), "stop");
                });
                case Calls c -> stream(ex, out -> {
                    for (int i = 0; i < c.calls().size(); i++) {
                        Call call = c.calls().get(i);
                        int half = call.arguments().length() / 2;
                        send(out, toolDelta(i, call.id(), call.name(), call.arguments().substring(0, half)), null);
                        send(out, toolDelta(i, null, null, call.arguments().substring(half)), null);
                    }
                    send(out, Json.MAPPER.createObjectNode(), "tool_calls");
                });
            }
        } catch (IOException clientWentAway) {
            // the turn was cancelled or timed out: exactly what some tests do
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void stream(HttpExchange ex, Body body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        body.write(out);
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode toolDelta(int index, String id, String name, String arguments) {
        ObjectNode call = Json.MAPPER.createObjectNode().put("index", index);
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        ObjectNode function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments);
        ObjectNode delta = Json.MAPPER.createObjectNode();
        delta.putArray("tool_calls").add(call);
        return delta;
    }

    private static void send(OutputStream out, ObjectNode delta, String finish) throws IOException {
        ObjectNode chunk = Json.MAPPER.createObjectNode().put("id", "chatcmpl-scripted").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L).put("model", "scripted");
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
