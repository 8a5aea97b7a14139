package dev.cellar.daemon.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an SQL cell reads, as DuckDB's own parser sees it ({@code json_serialize_sql}): the
 * tables it names (a DataFrame of that name may stand in for one) and the files it reads
 * ({@code FROM 'sales.csv'}, {@code read_parquet('…')}), never guessed from the text. DuckDB
 * serialises SELECT statements only; other statements ({@code CREATE TABLE … AS},
 * {@code COPY … TO}, {@code INSERT}) are read by {@link SqlText}'s tokenizer, which also
 * finds the files a cell writes. Any thread: the parser's connection is used under a lock.
 */
public final class SqlReads {
    private static final System.Logger LOG = System.getLogger("cellar.sql");
    private static Connection parser;
    private static boolean parserFailed;

    private SqlReads() {
    }

    /**
     * {@code tables}: unqualified names as written, less CTEs and tables the cell creates;
     * {@code qualified}: {@code schema.table} names (never a DataFrame); {@code files} and
     * {@code writes}: file names as written in the cell (relative to the notebook's folder).
     */
    public record Reads(Set<String> tables, Set<String> qualified, Set<String> files, Set<String> writes) {
    }

    public static Reads of(String cellSql) {
        Set<String> tables = new LinkedHashSet<>();
        Set<String> qualified = new LinkedHashSet<>();
        Set<String> files = new LinkedHashSet<>();
        Set<String> writes = new LinkedHashSet<>();
        Set<String> ctes = new LinkedHashSet<>();
        for (SqlText.Statement s : SqlText.statements(cellSql)) {
            JsonNode tree = serialize(s.sql());
            if (tree != null) {
                walk(tree, tables, qualified, files, ctes);
            } else {
                for (String t : SqlText.names(s.sql()).readTables()) {
                    (t.contains(".") ? qualified : tables).add(t);
                }
                SqlText.FileNames f = SqlText.files(s.sql());
                files.addAll(f.reads());
                writes.addAll(f.writes());
            }
        }
        Set<String> notFrames = new java.util.HashSet<>();
        SqlText.names(cellSql).createdTables().forEach(t -> notFrames.add(t.toLowerCase(Locale.ROOT)));
        ctes.forEach(c -> notFrames.add(c.toLowerCase(Locale.ROOT)));
        tables.removeIf(t -> notFrames.contains(t.toLowerCase(Locale.ROOT)));
        return new Reads(tables, qualified, files, writes);
    }

    /** DuckDB's syntax tree of a SELECT, or null (another kind of statement, a syntax error, no parser). */
    private static JsonNode serialize(String sql) {
        synchronized (SqlReads.class) {
            try {
                Connection c = parser();
                if (c == null) {
                    return null;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?)")) {
                    ps.setString(1, sql);
                    try (ResultSet rs = ps.executeQuery()) {
                        JsonNode tree = rs.next() ? Json.MAPPER.readTree(rs.getString(1)) : null;
                        return tree == null || tree.path("error").asBoolean(true) ? null : tree;
                    }
                }
            } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
                LOG.log(System.Logger.Level.DEBUG, "DuckDB could not serialise a statement", e);
                return null;
            }
        }
    }

    /** An in-memory DuckDB that only parses: no files, one thread, little memory, settings locked. */
    private static Connection parser() throws SQLException {
        if (parser == null && !parserFailed) {
            try {
                Connection c = DriverManager.getConnection("jdbc:duckdb:");
                try (Statement s = c.createStatement()) {
                    s.execute("SET threads = 1");
                    s.execute("SET memory_limit = '64MB'");
                    s.execute("SET enable_external_access = false");
                    s.execute("SET lock_configuration = true");
                }
                parser = c;
            } catch (SQLException e) {
                parserFailed = true; // the tokenizer reads every statement then
                LOG.log(System.Logger.Level.WARNING, "cannot open DuckDB to parse SQL cells: " + e.getMessage());
            }
        }
        return parser;
    }

    private static void walk(JsonNode node, Set<String> tables, Set<String> qualified, Set<String> files, Set<String> ctes) {
        if (node.isArray()) {
            node.forEach(n -> walk(n, tables, qualified, files, ctes));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText();
        if (type.equals("BASE_TABLE")) {
            String name = node.path("table_name").asText();
            String schema = node.path("schema_name").asText();
            String catalog = node.path("catalog_name").asText();
            if (!schema.isEmpty() || !catalog.isEmpty()) {
                qualified.add((catalog.isEmpty() ? "" : catalog + ".") + (schema.isEmpty() ? "" : schema + ".") + name);
            } else if (looksLikeAFile(name)) {
                files.add(name); // FROM 'sales.csv': DuckDB reads the file in its place
            } else {
                tables.add(name);
            }
        } else if (type.equals("TABLE_FUNCTION") && readsFiles(node.path("function").path("function_name").asText())) {
            JsonNode first = node.path("function").path("arguments").path(0).path("expression");
            if (first.isMissingNode()) {
                first = node.path("function").path("children").path(0);
            }
            strings(first, files);
        }
        JsonNode map = node.path("cte_map").path("map");
        map.forEach(entry -> ctes.add(entry.path("key").asText()));
        node.forEach(n -> walk(n, tables, qualified, files, ctes));
    }

    /** The string constants of an argument: {@code 'a.csv'} or {@code ['a.csv', 'b.csv']}. */
    private static void strings(JsonNode node, Set<String> into) {
        if (node.path("class").asText().equals("CONSTANT")) {
            JsonNode literal = node.path("literal");
            if (literal.path("kind").asText().equals("STRING")) {
                into.add(literal.path("text").asText());
            } else if (node.path("value").path("type").path("id").asText().equals("VARCHAR")) {
                into.add(node.path("value").path("value").asText()); // older DuckDBs' form
            }
            return;
        }
        node.forEach(n -> strings(n, into));
    }

    private static boolean readsFiles(String function) {
        String f = function.toLowerCase(Locale.ROOT);
        return f.startsWith("read_") || f.equals("parquet_scan") || f.equals("sniff_csv");
    }

    /** A name Python could bind: letters, digits and {@code _}, not starting with a digit. */
    public static boolean isIdentifier(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    static boolean looksLikeAFile(String name) {
        return name.contains(".") || name.contains("/") || name.contains("*");
    }
}
