package dev.cellar.daemon.sql;

import java.util.List;

/**
 * A DataFrame (or Arrow table, or Table) from the kernel, by column, after the daemon checked
 * it ({@code worker/FrameTransfer}): what an SQL cell reads under the variable's name.
 */
public record Frame(String name, int size, List<Column> columns) {
    public Frame {
        columns = List.copyOf(columns);
    }

    /** The column kinds a kernel may send, and the DuckDB type each becomes. */
    public static String duckDbType(String kind) {
        return switch (kind) {
            case "int" -> "BIGINT";
            case "float" -> "DOUBLE";
            case "bool" -> "BOOLEAN";
            case "timestamp_us", "datetime" -> "TIMESTAMP";
            case "date" -> "DATE";
            case "str" -> "VARCHAR";
            default -> null;
        };
    }

    /**
     * One column: {@code values} is a {@code long[]} (int, timestamp_us), {@code double[]}
     * (float), {@code boolean[]} (bool) or {@code String[]} (str, date, datetime), {@code size}
     * long; {@code nulls} marks missing rows, or is null when none is.
     */
    public record Column(String name, String kind, Object values, boolean[] nulls) {
    }

    /** A name the kernel could not (too large, an unknown kind) or did not properly (malformed) send. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
