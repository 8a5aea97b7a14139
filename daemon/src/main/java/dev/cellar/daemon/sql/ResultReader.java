package dev.cellar.daemon.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a JDBC result once into a {@link ResultTable}, choosing each column's kind from its SQL type. */
final class ResultReader {
    private ResultReader() {
    }

    /** A result larger than the notebook allows; the message says how to get around it. */
    static final class TooManyRows extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyRows(long max) {
            super("the result has more than " + max + " rows (the notebook's max-rows): aggregate or filter in SQL, "
                    + "or raise max-rows in the notebook header", null, false, false);
        }
    }

    static ResultTable read(ResultSet rs, long maxRows) throws SQLException {
        return read(rs, maxRows, true, 0, null).table();
    }

    /** Starts a spool for a result of these columns (the whole result goes there as it is read). */
    @FunctionalInterface
    interface Spooler {
        TableSpool.Writer start(List<dev.cellar.protocol.model.Output.Column> columns, List<String> kinds)
                throws java.io.IOException;
    }

    /**
     * What was read: the table (every row when {@code keepAll}, else the first {@code previewRows}),
     * how many rows the result had, and its spool (null without a spooler).
     */
    record Read(ResultTable table, long rows, TableSpool spool) {
    }

    /**
     * Reads the result row by row (the statement's fetch size says how many the driver holds at
     * once): into memory only when {@code keepAll} (an {@code out=} variable needs them; then
     * {@code maxRows} applies), else only the preview, while every row goes to the spool.
     */
    static Read read(ResultSet rs, long maxRows, boolean keepAll, int previewRows, Spooler spooler) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        int[] sqlTypes = new int[n];
        for (int j = 0; j < n; j++) {
            names.add(md.getColumnLabel(j + 1));
            String typeName = md.getColumnTypeName(j + 1);
            types.add(typeName);
            sqlTypes[j] = md.getColumnType(j + 1);
            kinds.add(kind(sqlTypes[j], typeName, md.getScale(j + 1)));
        }
        ResultTable table = new ResultTable(names, types, kinds);
        TableSpool.Writer spool = null;
        try {
            if (spooler != null) {
                List<dev.cellar.protocol.model.Output.Column> columns = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    columns.add(new dev.cellar.protocol.model.Output.Column(names.get(j), types.get(j)));
                }
                spool = spooler.start(columns, kinds);
            }
            long count = 0;
            Object[] row = new Object[n];
            while (rs.next()) {
                if (keepAll && count >= maxRows) {
                    throw new TooManyRows(maxRows);
                }
                boolean keep = keepAll || count < previewRows;
                for (int j = 0; j < n; j++) {
                    Object v = value(rs, j + 1, kinds.get(j));
                    row[j] = v;
                    if (keep) {
                        put(table, j, kinds.get(j), v);
                    }
                }
                if (keep) {
                    table.endRow();
                }
                if (spool != null) {
                    spool.add(row);
                }
                count++;
            }
            TableSpool done = spool == null ? null : spool.finish();
            spool = null;
            return new Read(table, count, done);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot spool the result to the daemon's temp folder: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                spool.discard();
            }
        }
    }

    private static void put(ResultTable table, int j, String kind, Object v) {
        if (v == null) {
            table.setNull(j);
        } else if (kind.equals("int")) {
            table.setLong(j, (Long) v);
        } else if (kind.equals("float")) {
            table.setDouble(j, (Double) v);
        } else {
            table.setObject(j, v);
        }
    }

    private static Object value(ResultSet rs, int c, String kind) throws SQLException {
        return switch (kind) {
            case "int" -> {
                long v = rs.getLong(c);
                yield rs.wasNull() ? null : v;
            }
            case "float" -> {
                double v = rs.getDouble(c);
                yield rs.wasNull() ? null : v;
            }
            default -> objectValue(rs, c, kind);
        };
    }

    private static String kind(int sqlType, String typeName, int scale) {
        String upper = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (upper.equals("HUGEINT") || upper.equals("UHUGEINT") || upper.equals("UBIGINT")) {
            return "bigint"; // wider than a Java long
        }
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> "int";
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> "float";
            case Types.BOOLEAN, Types.BIT -> "bool";
            case Types.DECIMAL, Types.NUMERIC -> "decimal";
            case Types.DATE -> "date";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "datetime";
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> "time";
            default -> "str";
        };
    }

    /** Booleans as Boolean; everything else as the text Python's converters read back exactly. */
    private static Object objectValue(ResultSet rs, int c, String kind) throws SQLException {
        return switch (kind) {
            case "bool" -> {
                boolean b = rs.getBoolean(c);
                yield rs.wasNull() ? null : b;
            }
            case "decimal" -> {
                BigDecimal d = rs.getBigDecimal(c);
                yield d == null ? null : d.toPlainString();
            }
            case "bigint" -> {
                Object o = rs.getObject(c);
                yield o == null ? null : o instanceof BigInteger b ? b.toString() : new BigDecimal(o.toString()).toBigInteger().toString();
            }
            case "date" -> {
                LocalDate d = rs.getObject(c, LocalDate.class);
                yield d == null ? null : d.toString();
            }
            case "datetime" -> datetime(rs, c);
            case "time" -> {
                LocalTime t = rs.getObject(c, LocalTime.class);
                yield t == null ? null : t.toString();
            }
            default -> rs.getString(c);
        };
    }

    /** PostgreSQL's driver calls a {@code timestamptz} column {@code Types.TIMESTAMP}, yet refuses to read it as a LocalDateTime. */
    private static String datetime(ResultSet rs, int c) throws SQLException {
        String name = rs.getMetaData().getColumnTypeName(c);
        if (rs.getMetaData().getColumnType(c) == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(name)) {
            OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
            return t == null ? null : t.toString();
        }
        LocalDateTime t = rs.getObject(c, LocalDateTime.class);
        return t == null ? null : t.toString();
    }
}
