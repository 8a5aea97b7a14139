package dev.cellar.daemon.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a kernel's answer to {@code table_rows} (outputs.py's): untrusted input, since cell
 * code runs in the same process. Every count is checked, every row has the columns' width and
 * holds only scalars, no more rows come than were asked for, texts are cut at
 * {@link #MAX_TEXT} characters and names at {@link #MAX_NAME}.
 */
public final class TableAnswers {
    static final int MAX_TEXT = 10_000;
    static final int MAX_NAME = 1_000;
    static final int MAX_COLUMNS = 100_000;

    private TableAnswers() {
    }

    public static TableRows read(JsonNode a, TableQuery q) {
        if (a == null || !a.isObject()) {
            throw malformed("not an object");
        }
        if (a.path("gone").asBoolean(false)) {
            throw TableQuery.gone("the kernel no longer keeps it");
        }
        if (a.hasNonNull("error")) {
            throw new IllegalArgumentException("sort: " + cut(a.path("error").asText(), MAX_NAME));
        }
        JsonNode cols = a.path("columns");
        if (!cols.isArray() || cols.size() > MAX_COLUMNS) {
            throw malformed("columns");
        }
        List<Output.Column> columns = new ArrayList<>(cols.size());
        for (JsonNode c : cols) {
            if (!c.path("name").isTextual() || !(c.path("type").isTextual() || c.path("type").isNull())) {
                throw malformed("a column");
            }
            columns.add(new Output.Column(cut(c.path("name").asText(), MAX_NAME), cut(c.path("type").asText(""), MAX_NAME)));
        }
        long total = count(a, "totalRows");
        long matching = count(a, "matchingRows");
        long offset = count(a, "offset");
        if (matching > total || offset != q.offset()) {
            throw malformed("counts");
        }
        JsonNode rowsNode = a.path("rows");
        if (!rowsNode.isArray() || rowsNode.size() > q.limit()) {
            throw malformed("rows");
        }
        List<List<Object>> rows = new ArrayList<>(rowsNode.size());
        for (JsonNode r : rowsNode) {
            if (!r.isArray() || r.size() != columns.size()) {
                throw malformed("a row of " + r.size() + " values for " + columns.size() + " columns");
            }
            List<Object> row = new ArrayList<>(r.size());
            for (JsonNode v : r) {
                row.add(scalar(v));
            }
            rows.add(row);
        }
        return new TableRows(q.handle(), columns, total, matching, offset, rows);
    }

    private static Object scalar(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return cut(v.asText(), MAX_TEXT);
        }
        if (v.isBoolean() || v.isNumber()) {
            return Json.MAPPER.convertValue(v, Object.class);
        }
        throw malformed("a value that is not a scalar");
    }

    private static long count(JsonNode a, String field) {
        JsonNode n = a.path(field);
        if (!n.canConvertToLong() || n.asLong() < 0) {
            throw malformed(field);
        }
        return n.asLong();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static IllegalStateException malformed(String what) {
        return new IllegalStateException("the kernel answered a malformed table page (" + what + ")");
    }
}
