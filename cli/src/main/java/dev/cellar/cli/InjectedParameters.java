package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a run was given, as papermill shows it: a cell tagged {@code injected-parameters},
 * right after the parameters cell, that assigns the values the run used. Reports built from
 * the cells (the executed .ipynb, HTML) then say with which parameters they were made.
 */
final class InjectedParameters {
    static final String TAG = "injected-parameters";

    private InjectedParameters() {
    }

    static List<CellInfo> insert(List<CellInfo> cells, Map<String, JsonNode> values) {
        if (values == null || values.isEmpty()) {
            return cells;
        }
        List<CellInfo> out = new ArrayList<>(cells);
        int at = 0;
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).tags().contains("parameters")) {
                at = i + 1;
                break;
            }
        }
        out.add(at, new CellInfo(TAG, CellKind.PYTHON, python(values), 0, CellStatus.OK, List.copyOf(values.keySet()),
                List.of(), List.of(), null, null, "cellar run", List.of(TAG)));
        return out;
    }

    static String python(Map<String, JsonNode> values) {
        StringBuilder code = new StringBuilder("# Parameters (given to cellar run)");
        values.forEach((name, value) -> code.append('\n').append(name).append(" = ").append(literal(value)));
        return code.toString();
    }

    /** JSON to the Python literal of the same value (true → True, null → None). */
    private static String literal(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean() ? "True" : "False";
        }
        if (v.isNull()) {
            return "None";
        }
        if (v.isArray()) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            v.forEach(item -> items.add(literal(item)));
            return items.toString();
        }
        if (v.isObject()) {
            StringJoiner items = new StringJoiner(", ", "{", "}");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()) + ": " + literal(e.getValue()));
            }
            return items.toString();
        }
        return v.toString(); // numbers, and strings JSON-quoted, which Python reads the same
    }
}
