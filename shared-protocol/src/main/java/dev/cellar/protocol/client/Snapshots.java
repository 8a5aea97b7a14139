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
 * Reads a whole notebook (or a run's result) even when it is too large for one message:
 * the daemon then answers with the other members and the cell ids, and the cells are
 * fetched one by one with {@code cell.get}.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /** {@code notebook.open} or {@code notebook.get} (any method answering a snapshot). */
    public static NotebookSnapshot call(CellarClient client, String method, Object params) throws IOException {
        try {
            return client.call(method, params, NotebookSnapshot.class);
        } catch (RpcException e) {
            return Json.convert(whole(client, e.data() == null ? null : e.data().path("notebookId").asText(null), e),
                    NotebookSnapshot.class);
        }
    }

    /**
     * The answer that {@code tooLarge} stands for (any answer made of a notebook's cells, such
     * as a run's result), its cells read one by one; rethrows any other error.
     */
    public static JsonNode whole(CellarClient client, String notebookId, RpcException tooLarge) throws IOException {
        if (tooLarge.errorCode() != ErrorCode.TOO_LARGE_TO_SEND || tooLarge.data() == null
                || !tooLarge.data().has("cellIds") || notebookId == null) {
            throw tooLarge;
        }
        return cellByCell(client, notebookId, tooLarge.data());
    }

    public static NotebookSnapshot get(CellarClient client, String notebookId) throws IOException {
        return call(client, Methods.NOTEBOOK_GET, new NotebookParams(notebookId));
    }

    private static JsonNode cellByCell(CellarClient client, String notebookId, JsonNode skeleton) throws IOException {
        ObjectNode whole = (ObjectNode) skeleton.deepCopy();
        JsonNode ids = whole.remove("cellIds");
        ArrayNode cells = whole.putArray("cells");
        for (JsonNode id : ids) {
            cells.add(client.call(Methods.CELL_GET, new CellParams(notebookId, id.asText()), JsonNode.class));
        }
        return whole;
    }
}
