package dev.cellar.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.method.CellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;

/**
 * Reads a whole notebook even when it is too large for one message: the daemon then
 * answers with the snapshot's other members and its cell ids, and the cells are fetched
 * one by one with {@code cell.get}.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /** {@code notebook.open} or {@code notebook.get} (any method answering a snapshot). */
    public static NotebookSnapshot call(CellarClient client, String method, Object params) throws IOException {
        try {
            return client.call(method, params, NotebookSnapshot.class);
        } catch (RpcException e) {
            if (e.errorCode() != ErrorCode.TOO_LARGE_TO_SEND || e.data() == null || !e.data().has("cellIds")) {
                throw e;
            }
            return cellByCell(client, e.data());
        }
    }

    public static NotebookSnapshot get(CellarClient client, String notebookId) throws IOException {
        return call(client, Methods.NOTEBOOK_GET, new NotebookParams(notebookId));
    }

    private static NotebookSnapshot cellByCell(CellarClient client, JsonNode skeleton) throws IOException {
        ObjectNode whole = (ObjectNode) skeleton.deepCopy();
        JsonNode ids = whole.remove("cellIds");
        ArrayNode cells = whole.putArray("cells");
        String notebookId = whole.path("notebookId").asText();
        for (JsonNode id : ids) {
            cells.add(client.call(Methods.CELL_GET, new CellParams(notebookId, id.asText()), JsonNode.class));
        }
        return Json.convert(whole, NotebookSnapshot.class);
    }
}
