package dev.cellar.daemon.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a connection holds, from JDBC's own metadata (no query the user's SQL could shape):
 * its schemas' tables and views, and one table's columns. Bounded, so a warehouse with a
 * hundred thousand tables answers with the first {@link #MAX_TABLES} and says so.
 */
public final class Catalog {
    public static final int MAX_TABLES = 500;
    /** The databases' own bookkeeping, left out unless asked for by name. */
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast",
            "sys", "mysql", "performance_schema");

    private Catalog() {
    }

    public record Column(String name, String type, boolean nullable) {
    }

    /** A table or view; {@code catalog}: its database where the connection has several; {@code columns} only when one table was asked for. */
    public record Table(String catalog, String schema, String name, String type, List<Column> columns) {
    }

    /** The connection's product, the tables found, and whether there were more than were listed. */
    public record Listing(String database, List<Table> tables, boolean truncated) {
    }

    /**
     * The tables and views in {@code schema} (null: every schema but the system ones) named
     * {@code table} (null: all; SQL's {@code %} and {@code _} are taken literally), with their
     * columns when a table is named.
     */
    public static Listing list(Connection c, String schema, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<Table> found = new ArrayList<>();
        boolean truncated = false;
        try (ResultSet rs = meta.getTables(null, literal(meta, schema), literal(meta, table), tableTypes(meta))) {
            while (rs.next()) {
                String inSchema = rs.getString("TABLE_SCHEM");
                String type = rs.getString("TABLE_TYPE");
                if (schema == null && inSchema != null && SYSTEM_SCHEMAS.contains(inSchema.toLowerCase(Locale.ROOT))
                        || type != null && type.toUpperCase(Locale.ROOT).startsWith("SYSTEM")) {
                    continue;
                }
                if (found.size() == MAX_TABLES) {
                    truncated = true;
                    break;
                }
                found.add(new Table(rs.getString("TABLE_CAT"), inSchema, rs.getString("TABLE_NAME"), type, List.of()));
            }
        }
        if (table != null) {
            List<Table> withColumns = new ArrayList<>();
            for (Table t : found) {
                withColumns.add(new Table(t.catalog(), t.schema(), t.name(), t.type(), columns(meta, t)));
            }
            found = withColumns;
        }
        return new Listing(meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion(), found, truncated);
    }

    private static List<Column> columns(DatabaseMetaData meta, Table t) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(t.catalog(), literal(meta, t.schema()), literal(meta, t.name()), null)) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return columns;
    }

    /**
     * The kinds of table the driver names that hold rows a query reads (tables, views,
     * materialized, foreign, partitioned, temporary), not the bookkeeping some drivers list
     * beside them (PostgreSQL's indexes, sequences and types), which would crowd the listing.
     */
    private static String[] tableTypes(DatabaseMetaData meta) throws SQLException {
        List<String> kinds = new ArrayList<>();
        try (ResultSet rs = meta.getTableTypes()) {
            while (rs.next()) {
                String kind = rs.getString(1);
                String upper = kind == null ? "" : kind.toUpperCase(Locale.ROOT).strip();
                if ((upper.contains("TABLE") || upper.contains("VIEW")) && !upper.startsWith("SYSTEM")
                        && !upper.contains("INDEX")) {
                    kinds.add(kind);
                }
            }
        }
        return kinds.isEmpty() ? null : kinds.toArray(String[]::new);
    }

    /** A name as a metadata pattern that matches only itself. */
    private static String literal(DatabaseMetaData meta, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String escape = meta.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("%", escape + "%").replace("_", escape + "_");
    }
}
