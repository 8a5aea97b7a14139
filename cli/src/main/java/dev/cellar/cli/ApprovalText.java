package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.Json;
import java.io.PrintWriter;

/** A waiting tool call as a person reads it before answering: who asks, why, and the code it would run or change. */
final class ApprovalText {
    private ApprovalText() {
    }

    static void describe(PrintWriter out, PendingApprovals.Pending p, NotebookSnapshot nb) {
        out.println(p.actor() + " asks to " + p.tool() + " (" + p.why() + ")");
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(p.arguments() == null || p.arguments().isBlank() ? "{}" : p.arguments());
        } catch (Exception malformed) {
            out.println("  arguments: " + p.arguments());
            return;
        }
        switch (p.tool()) {
            case "run_cells" -> args.path("cellIds").forEach(id -> cell(out, "runs", nb, id.asText()));
            case "create_cell" -> code(out, "new " + args.path("kind").asText("python") + " cell", args.path("code").asText());
            case "update_cell" -> {
                cell(out, "now", nb, args.path("cellId").asText());
                code(out, "would become", args.path("code").asText());
            }
            case "delete_cell" -> cell(out, "deletes", nb, args.path("cellId").asText());
            default -> out.println("  arguments: " + p.arguments());
        }
    }

    private static void cell(PrintWriter out, String what, NotebookSnapshot nb, String cellId) {
        CellInfo cell = nb.cell(cellId);
        if (cell == null) {
            out.println("  " + what + " cell " + cellId + " (not in the notebook now)");
        } else {
            code(out, what + " cell " + cellId + " (" + cell.kind().name().toLowerCase(java.util.Locale.ROOT) + ")", cell.code());
        }
    }

    private static void code(PrintWriter out, String title, String code) {
        out.println("  " + title + ":");
        code.lines().forEach(l -> out.println("  │ " + l));
    }
}
