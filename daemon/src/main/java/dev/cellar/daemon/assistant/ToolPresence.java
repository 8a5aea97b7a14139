package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.event.Attendee;
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
        Tool.Presence p = Tool.named(tool).map(Tool::presence).orElse(UNKNOWN);
        return new Target(p.cell(parse(arguments)), p.activity());
    }

    /** A tool not in the table: the call fails, its caller looked at the notebook. */
    private static final Tool.Presence UNKNOWN = Tool.Presence.of(PresenceActivity.VIEWING);

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
}
