package dev.cellar.daemon.model;


/**
 * What an SQL cell's marker line says beyond its id and {@code out}, as Jupytext-readable
 * metadata ({@code # %% [sql] id="q1" conn="@warehouse" cache="on"}, or the same keys in a JSON
 * object): {@code conn} the connection it runs on ({@code @NAME}, a named connection the
 * notebook's {@code conns=} allows, or {@code duckdb}, the notebook's embedded DuckDB; null: the
 * notebook's default), and {@code cache} whether a repeated query with the same text and
 * parameters reuses its last result. What the values mean is {@code sql.SqlConnections}'s. Kept in the cell's {@code markerExtra}, so the file keeps
 * them byte for byte.
 */
public record SqlCellOptions(String conn, boolean cache) {
    public static final SqlCellOptions NONE = new SqlCellOptions(null, false);

    /** The options a marker line's metadata (a cell's {@code markerExtra}) holds; a key given twice: the first. */
    public static SqlCellOptions of(String markerExtra) {
        if (markerExtra == null || markerExtra.isEmpty()) {
            return NONE;
        }
        String cache = value(markerExtra, "cache");
        return new SqlCellOptions(value(markerExtra, "conn"), cache != null && (cache.equals("on") || cache.equals("true")));
    }

    /**
     * {@code key="v"}, {@code key=v} or {@code "key": "v"} (a JSON object), unquoted; null when
     * absent. Read word by word as Jupytext splits the line, never out of another key's value.
     */
    private static String value(String line, String key) {
        for (String word : MarkerWords.of(line).words()) {
            if (word.startsWith(key + "=") && word.length() > key.length() + 1) {
                return MarkerWords.unquote(word.substring(key.length() + 1));
            }
            if (word.startsWith("{")) {
                String found = jsonValue(word, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A JSON object's text or boolean member, as text; null when it has none or is no JSON object. */
    private static String jsonValue(String word, String key) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = dev.cellar.protocol.rpc.Json.MAPPER.readTree(word);
            com.fasterxml.jackson.databind.JsonNode member = node == null || !node.isObject() ? null : node.get(key);
            return member != null && (member.isTextual() || member.isBoolean()) ? member.asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    /**
     * The marker metadata with these options written as Jupytext reads them ({@code conn="@pg"}
     * {@code cache="on"}) after {@code markerExtra}'s own: how a cell made elsewhere (an imported
     * .ipynb) gets them.
     */
    public String appendedTo(String markerExtra) {
        StringBuilder s = new StringBuilder(markerExtra == null ? "" : markerExtra);
        if (conn != null) {
            s.append(s.isEmpty() ? "" : " ").append("conn=\"").append(conn).append('"');
        }
        if (cache) {
            s.append(s.isEmpty() ? "" : " ").append("cache=\"on\"");
        }
        return s.toString();
    }
}
