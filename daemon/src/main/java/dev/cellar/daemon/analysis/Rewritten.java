package dev.cellar.daemon.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What rewrite.py made of a notebook's Python cells: each cell's new code (in the order given),
 * what it changed and what is left for a person to do, as lines for people.
 */
public record Rewritten(List<String> sources, List<String> changes, List<String> problems) {

    static Rewritten fromJson(JsonNode node) {
        return new Rewritten(strings(node.get("sources")), strings(node.get("changes")), strings(node.get("problems")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return List.copyOf(out);
    }
}
