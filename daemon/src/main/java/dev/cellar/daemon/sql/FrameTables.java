package dev.cellar.daemon.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DataFrames an SQL cell reads, made tables of DuckDB for the length of the cell, as
 * DuckDB's Python API scans a DataFrame named in a query. The columns go in through DuckDB's
 * appender as lists of {@value #CHUNK} values (one native copy per list, not per value: a
 * million rows of three numbers in about a tenth of a second) into a private temporary table,
 * and a temporary view of the DataFrame's name unnests them; both are dropped when the cell
 * ends. A table or view of that name in the database wins: nothing is made for it.
 */
final class FrameTables implements AutoCloseable {
    static final int CHUNK = 1 << 16;
    private static final String RAW_PREFIX = "__cellar_frame_";

    private final Connection connection;
    private final List<String> made = new ArrayList<>();

    FrameTables(Connection connection) {
        this.connection = connection;
    }

    /** Whether a table or view of this name exists (names compare as DuckDB compares them, case-insensitively). */
    boolean exists(String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM duckdb_tables() WHERE lower(table_name) = lower(?)"
                + " UNION ALL SELECT 1 FROM duckdb_views() WHERE NOT internal AND lower(view_name) = lower(?)")) {
            ps.setString(1, name);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void register(Frame frame) throws SQLException {
        String raw = quote(RAW_PREFIX + frame.name());
        String view = quote(frame.name());
        made.add(frame.name());
        StringBuilder create = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(raw).append(" (");
        StringBuilder select = new StringBuilder("CREATE OR REPLACE TEMP VIEW ").append(view).append(" AS SELECT ");
        for (int j = 0; j < frame.columns().size(); j++) {
            Frame.Column c = frame.columns().get(j);
            String stored = switch (c.kind()) {
                case "int", "timestamp_us" -> "BIGINT";
                case "float" -> "DOUBLE";
                case "bool" -> "BOOLEAN";
                default -> "VARCHAR";
            };
            create.append(j == 0 ? "" : ", ").append("c").append(j).append(' ').append(stored).append("[]");
            String unnest = "unnest(c" + j + ")";
            String expr = switch (c.kind()) {
                case "timestamp_us" -> "make_timestamp(" + unnest + ")";
                case "date", "datetime" -> "CAST(" + unnest + " AS " + Frame.duckDbType(c.kind()) + ")";
                default -> unnest;
            };
            select.append(j == 0 ? "" : ", ").append(expr).append(" AS ").append(quote(c.name()));
        }
        create.append(')');
        select.append(" FROM temp.main.").append(raw);
        try (Statement s = connection.createStatement()) {
            s.execute(create.toString());
        }
        append(frame);
        try (Statement s = connection.createStatement()) {
            s.execute(select.toString());
        }
    }

    private void append(Frame frame) throws SQLException {
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                .createAppender("temp", "main", RAW_PREFIX + frame.name())) {
            for (int from = 0; from < frame.size(); from += CHUNK) {
                int to = Math.min(frame.size(), from + CHUNK);
                appender.beginRow();
                for (Frame.Column c : frame.columns()) {
                    boolean[] nulls = c.nulls() == null ? null : Arrays.copyOfRange(c.nulls(), from, to);
                    switch (c.values()) {
                        case long[] v when nulls == null -> appender.append(Arrays.copyOfRange(v, from, to));
                        case long[] v -> appender.append(Arrays.copyOfRange(v, from, to), nulls);
                        case double[] v when nulls == null -> appender.append(Arrays.copyOfRange(v, from, to));
                        case double[] v -> appender.append(Arrays.copyOfRange(v, from, to), nulls);
                        case boolean[] v when nulls == null -> appender.append(Arrays.copyOfRange(v, from, to));
                        case boolean[] v -> appender.append(Arrays.copyOfRange(v, from, to), nulls);
                        case String[] v -> appender.append(Arrays.asList(v).subList(from, to));
                        default -> throw new IllegalStateException("unknown column storage " + c.values().getClass());
                    }
                }
                appender.endRow();
            }
        }
    }

    /** Drops what {@link #register} made; the cell's own tables are left alone. */
    @Override
    public void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String name : made) {
                s.execute("DROP VIEW IF EXISTS temp.main." + quote(name));
                s.execute("DROP TABLE IF EXISTS temp.main." + quote(RAW_PREFIX + name));
            }
        }
        made.clear();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
