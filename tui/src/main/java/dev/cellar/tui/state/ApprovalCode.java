package dev.cellar.tui.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.rpc.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a waiting tool call would run or change, as lines a person reads before answering: the
 * code of the cells it runs or deletes, a new cell's code, an edit as a diff. The TUI's
 * approval prompt and {@code cellar approve} show the same.
 */
public final class ApprovalCode {
    private ApprovalCode() {
    }

    /** {@code cells}: the notebook's cell by id, or null when it has none. */
    public static List<String> lines(String tool, String arguments, Function<String, CellInfo> cells) {
        List<String> out = new ArrayList<>();
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
        } catch (Exception malformed) {
            out.add("  arguments: " + arguments);
            return out;
        }
        switch (tool == null ? "" : tool) {
            case "run_cells" -> args.path("cellIds").forEach(id -> cell(out, "runs", cells, id.asText()));
            case "create_cell" -> code(out, "new " + args.path("kind").asText("python") + " cell", args.path("code").asText());
            case "update_cell" -> {
                String id = args.path("cellId").asText();
                CellInfo now = cells.apply(id);
                if (now == null) {
                    code(out, "cell " + id + " (not in the notebook now) would become", args.path("code").asText());
                } else {
                    out.add("  changes cell " + id + " (" + kind(now) + "):");
                    diff(now.code(), args.path("code").asText()).forEach(l -> out.add("  " + l));
                }
            }
            case "delete_cell" -> cell(out, "deletes", cells, args.path("cellId").asText());
            default -> {
                if (arguments != null && !arguments.isBlank() && !args.isEmpty()) {
                    out.add("  arguments: " + arguments);
                }
            }
        }
        return out;
    }

    /**
     * A line diff of two texts: the lines both share at the start and the end once each as
     * context, what differs between as {@code -}/{@code +} lines (an edit is usually one place).
     */
    static List<String> diff(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        List<String> out = new ArrayList<>();
        if (start > 0) {
            out.add("│ " + a.get(start - 1));
        }
        a.subList(start, endA).forEach(l -> out.add("- " + l));
        b.subList(start, endB).forEach(l -> out.add("+ " + l));
        if (endA < a.size()) {
            out.add("│ " + a.get(endA));
        }
        if (start == endA && start == endB) {
            out.add("(no change)");
        }
        return out;
    }

    private static void cell(List<String> out, String what, Function<String, CellInfo> cells, String cellId) {
        CellInfo cell = cells.apply(cellId);
        if (cell == null) {
            out.add("  " + what + " cell " + cellId + " (not in the notebook now)");
        } else {
            code(out, what + " cell " + cellId + " (" + kind(cell) + ")", cell.code());
        }
    }

    private static String kind(CellInfo cell) {
        return cell.kind().name().toLowerCase(Locale.ROOT);
    }

    private static void code(List<String> out, String title, String code) {
        out.add("  " + title + ":");
        code.lines().forEach(l -> out.add("  │ " + l));
    }
}
