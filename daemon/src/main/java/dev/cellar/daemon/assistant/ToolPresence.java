package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.notebook.Attendee;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.rpc.Json;

/**
 * What a notebook tool call tells the notebook's other clients: the cell it is about and
 * whether that is editing, running or viewing. The in-daemon assistant sets its presence
 * from each call; an agent whose calls use the same tools can too ({@link #touch}).
 */
public final class ToolPresence {
    private ToolPresence() {
    }

    /** The cell a call is about (null: the notebook as a whole) and what it does to it. */
    public record Target(String cellId, PresenceActivity activity) {
    }

    public static Target of(String tool, String arguments) {
        JsonNode args = parse(arguments);
        return switch (tool) {
            case "get_cell" -> new Target(cell(args.path("cellId")), PresenceActivity.VIEWING);
            case "update_cell", "delete_cell", "move_cell" -> new Target(cell(args.path("cellId")), PresenceActivity.EDITING);
            case "create_cell" -> new Target(null, PresenceActivity.EDITING);
            case "run_cells" -> new Target(cell(args.path("cellIds").path(0)), PresenceActivity.RUNNING);
            case "interrupt" -> new Target(null, PresenceActivity.RUNNING);
            default -> new Target(null, PresenceActivity.VIEWING);
        };
    }

    /**
     * Sets {@code who}'s presence from a tool call, without waiting. A call about a cell that
     * is not there (the tool itself reports that) leaves the presence as it was.
     */
    public static void touch(NotebookSession session, Attendee who, String tool, String arguments) {
        Target t = of(tool, arguments);
        session.touchPresence(who, t.cellId(), t.activity());
    }

    private static JsonNode parse(String arguments) {
        try {
            JsonNode n = Json.MAPPER.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            return n == null ? Json.MAPPER.createObjectNode() : n;
        } catch (Exception malformed) {
            return Json.MAPPER.createObjectNode(); // the tool reports the malformed arguments
        }
    }

    private static String cell(JsonNode id) {
        return id.isTextual() ? id.asText() : null;
    }
}
