package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cellar.protocol.rpc.Json;

/** What {@code -p name=VALUE} means: int, float, bool, JSON, or else the text itself (as papermill reads it). */
final class ParameterValue {
    private ParameterValue() {
    }

    static JsonNode infer(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Json.MAPPER.getNodeFactory().booleanNode(t.equalsIgnoreCase("true"));
        }
        if (t.matches("[-+]?\\d+")) {
            return Json.MAPPER.getNodeFactory().numberNode(new java.math.BigInteger(t));
        }
        if (t.matches("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(t));
        }
        if (t.startsWith("{") || t.startsWith("[") || t.equals("null") || t.startsWith("\"")) {
            try {
                return Json.MAPPER.readTree(t);
            } catch (java.io.IOException notJson) {
                return TextNode.valueOf(text);
            }
        }
        return TextNode.valueOf(text);
    }
}
