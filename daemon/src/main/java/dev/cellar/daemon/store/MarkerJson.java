package dev.cellar.daemon.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;

/**
 * A marker line's metadata written as one JSON object ({@code # %% {"tags": ["a"]}}, what
 * Jupytext writes with {@code cell_metadata_json}): Cellar's {@code id} and {@code out} taken
 * out and put back in, the rest of the object left as it was.
 */
final class MarkerJson {
    private MarkerJson() {
    }

    /** The JSON object's text without this key (when its value is a string), the rest as it was. */
    static String withoutKey(String text, String key, JsonNode json) {
        if (!json.path(key).isTextual()) {
            return text;
        }
        String pair = "\"" + key + "\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"";
        for (String form : new String[] {pair + "\\s*,\\s*", "\\s*,\\s*" + pair, pair}) {
            String shorter = text.replaceFirst(form, "");
            if (!shorter.equals(text) && object(shorter) != null && !object(shorter).has(key)) {
                return shorter;
            }
        }
        return text;
    }

    /** A JSON metadata object with this id and out: the same text when it has them already. */
    static String withKeys(JsonNode json, String text, String id, String out, boolean ownsOut) {
        String hasId = json.path("id").isTextual() ? json.get("id").asText() : null;
        String hasOut = !ownsOut ? null : json.path("out").isTextual() ? json.get("out").asText() : null;
        boolean idKept = id == null || id.equals(hasId);
        boolean outKept = java.util.Objects.equals(out, hasOut);
        if (idKept && outKept) {
            return text;
        }
        if ((idKept || hasId == null) && (outKept || hasOut == null)) {
            // keys to add only: at the front, where Jupytext would have written them; the rest as it was
            StringBuilder add = new StringBuilder();
            if (!idKept) {
                add.append("\"id\": ").append(Json.MAPPER.getNodeFactory().textNode(id));
            }
            if (!outKept) {
                add.append(add.isEmpty() ? "" : ", ").append("\"out\": ").append(Json.MAPPER.getNodeFactory().textNode(out));
            }
            int brace = text.indexOf('{') + 1;
            return text.substring(0, brace) + add + (json.isEmpty() ? "" : ", ") + text.substring(brace);
        }
        // as Python's json.dumps writes it, which is how Jupytext writes such a line
        StringBuilder s = new StringBuilder("{");
        java.util.function.BiConsumer<String, JsonNode> field = (k, v) -> {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(Json.MAPPER.getNodeFactory().textNode(k)).append(": ").append(v);
        };
        if (id != null) {
            field.accept("id", Json.MAPPER.getNodeFactory().textNode(id));
        }
        if (out != null) {
            field.accept("out", Json.MAPPER.getNodeFactory().textNode(out));
        }
        json.properties().forEach(e -> {
            if (!(e.getKey().equals("out") && ownsOut) && !(e.getKey().equals("id") && id != null)) {
                field.accept(e.getKey(), e.getValue());
            }
        });
        return s.append('}').toString();
    }

    static JsonNode object(String word) {
        try {
            JsonNode node = Json.MAPPER.readTree(word);
            return node != null && node.isObject() ? node : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}
