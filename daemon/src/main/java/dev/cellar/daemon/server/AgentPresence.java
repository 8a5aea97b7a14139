package dev.cellar.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.notebook.Notebooks;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.rpc.RpcException;

/**
 * An agent's presence from its requests. A person's client says what its user does with
 * {@code presence.update} (an editor opens before anything is saved); an agent (a client
 * named {@code agent:…}, such as {@code cellar mcp}) has no editor: the cell its request
 * is about is where it works. Submitted before the request's own command, so others see
 * where the agent is before its edit lands.
 */
final class AgentPresence {
    private AgentPresence() {
    }

    static void fromRequest(Connection conn, Origin origin, String method, JsonNode params, Notebooks notebooks) {
        if (!origin.actor().startsWith("agent:") || params == null || !params.isObject()) {
            return;
        }
        PresenceActivity activity = switch (method) {
            case Methods.CELL_UPDATE, Methods.CELL_DELETE, Methods.CELL_MOVE, Methods.CELL_CREATE, Methods.CELL_CREATE_MANY ->
                    PresenceActivity.EDITING;
            case Methods.CELL_RUN, Methods.NOTEBOOK_RUN_ALL -> PresenceActivity.RUNNING;
            case Methods.CELL_GET -> PresenceActivity.VIEWING;
            default -> null;
        };
        if (activity == null) {
            return;
        }
        JsonNode cell = method.equals(Methods.CELL_RUN) ? params.path("cellIds").path(0) : params.path("cellId");
        NotebookSession session;
        try {
            session = notebooks.get(params.path("notebookId").asText(null));
        } catch (RpcException unknownNotebook) {
            return; // the request itself says so
        }
        // a cell that is not there fails only this presence command; the request reports it
        session.submit(origin, new Command.UpdatePresence(conn.attendee(session), cell.isTextual() ? cell.asText() : null,
                activity));
    }
}
