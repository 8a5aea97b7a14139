package dev.cellar.protocol.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the JSON-RPC 2.0 message objects, so both ends spell them the same way. */
public final class RpcMessages {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RpcMessages() {
    }

    public static ObjectNode request(long id, String method, Object params) {
        ObjectNode msg = notification(method, params);
        msg.put("id", id);
        return msg;
    }

    public static ObjectNode notification(String method, Object params) {
        ObjectNode msg = NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.put("method", method);
        if (params != null) {
            msg.set("params", Json.tree(params));
        }
        return msg;
    }

    public static ObjectNode result(JsonNode id, Object result) {
        ObjectNode msg = NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.set("result", result == null ? NODES.nullNode() : Json.tree(result));
        msg.set("id", id == null ? NODES.nullNode() : id);
        return msg;
    }

    public static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode error = NODES.objectNode();
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        ObjectNode msg = NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.set("error", error);
        msg.set("id", id == null ? NODES.nullNode() : id);
        return msg;
    }

    public static ObjectNode error(JsonNode id, RpcException e) {
        return error(id, e.code(), e.getMessage(), e.data());
    }
}
