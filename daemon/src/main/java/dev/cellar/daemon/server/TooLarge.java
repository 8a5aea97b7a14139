package dev.cellar.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.units.ByteSize;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcMessages;
import java.util.Iterator;
import java.util.Map;

/**
 * The answer that replaces one too long to send. For an answer made of cells (a notebook
 * snapshot, a run's result) it carries the answer without its cells plus their ids, so
 * the client can read them one by one.
 */
final class TooLarge {
    private static final String LIMIT = ByteSize.describe(RpcWriter.MAX_FRAME_BYTES);

    private TooLarge() {
    }

    static JsonNode answer(JsonNode response) {
        JsonNode id = response.get("id");
        JsonNode result = response.path("result");
        if (result.isObject() && result.path("cells").isArray()) {
            ObjectNode skeleton = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!member.getKey().equals("cells")) {
                    skeleton.set(member.getKey(), member.getValue());
                }
            }
            ArrayNode cellIds = skeleton.putArray("cellIds");
            result.path("cells").forEach(c -> cellIds.add(c.path("id").asText()));
            String what = result.has("path") ? "notebook " + result.path("path").asText() : "the answer";
            return RpcMessages.error(id, ErrorCode.TOO_LARGE_TO_SEND.code(), what + " is too large to send whole (over "
                    + LIMIT + "): read its cells one by one with " + Methods.CELL_GET, skeleton);
        }
        return RpcMessages.error(id, ErrorCode.TOO_LARGE_TO_SEND.code(),
                "the answer is too large to send (over " + LIMIT + ")", null);
    }

    /** A batch whose answers fit one by one but not together. */
    static JsonNode batch(ArrayNode answers) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        answers.forEach(a -> out.add(RpcMessages.error(a.get("id"), ErrorCode.TOO_LARGE_TO_SEND.code(),
                "the batch's answers together are too large to send (over " + LIMIT + "): send its requests one by one",
                null)));
        return out;
    }
}
