package dev.cellar.daemon.sql;

import dev.cellar.protocol.model.Output;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * A query result held once, by column (primitive arrays for integers and floats), and
 * shown to Python through a small proxy that the kernel's {@code Table} class wraps:
 * rows are read in chunks as Python iterates, never copied into Python objects up front.
 *
 * <p>Each column has a kind that tells Python how to convert its values: {@code int},
 * {@code float}, {@code bool}, {@code str}, {@code decimal} (text → Decimal), {@code bigint}
 * (text → int), {@code date}, {@code datetime}, {@code time} (ISO text → datetime types).
 */
public final class ResultTable implements ProxyObject {
    private final List<String> names;
    private final List<String> types;
    private final List<String> kinds;
    private final Column[] columns;
    private int size;

    ResultTable(List<String> names, List<String> types, List<String> kinds) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.kinds = List.copyOf(kinds);
        this.columns = new Column[names.size()];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = switch (kinds.get(j)) {
                case "int" -> new LongColumn();
                case "float" -> new DoubleColumn();
                default -> new ObjectColumn();
            };
        }
    }

    /**
     * A result rebuilt from its columns (a worker's copy of the daemon's): each a long[]
     * (kind int), double[] (float) or Object[] at least {@code size} long, missing rows marked.
     */
    public static ResultTable ofColumns(List<String> names, List<String> types, List<String> kinds, int size,
                                        List<Object> values, List<BitSet> nulls) {
        ResultTable t = new ResultTable(names, types, kinds);
        for (int j = 0; j < t.columns.length; j++) {
            switch (t.columns[j]) {
                case LongColumn c -> c.values = (long[]) values.get(j);
                case DoubleColumn c -> c.values = (double[]) values.get(j);
                case ObjectColumn c -> c.values = (Object[]) values.get(j);
                default -> throw new IllegalStateException("unknown column type");
            }
            t.columns[j].nulls.or(nulls.get(j));
        }
        t.size = size;
        return t;
    }

    public int size() {
        return size;
    }

    void setLong(int column, long v) {
        ((LongColumn) columns[column]).set(size, v);
    }

    void setDouble(int column, double v) {
        ((DoubleColumn) columns[column]).set(size, v);
    }

    void setObject(int column, Object v) {
        ((ObjectColumn) columns[column]).set(size, v);
    }

    void setNull(int column) {
        columns[column].setNull(size);
    }

    void endRow() {
        size++;
    }

    public List<String> names() {
        return names;
    }

    public List<String> types() {
        return types;
    }

    /** How Python converts each column's values (see the class comment). */
    public List<String> kinds() {
        return kinds;
    }

    /** Which rows of column {@code j} are missing. */
    public BitSet nulls(int j) {
        return columns[j].nulls;
    }

    /** Column {@code j}'s values in place (long[], double[] or Object[]; at least {@link #size} long). */
    public Object values(int j) {
        return switch (columns[j]) {
            case LongColumn c -> c.values;
            case DoubleColumn c -> c.values;
            case ObjectColumn c -> c.values;
            default -> throw new IllegalStateException("unknown column type");
        };
    }

    /** The value as plain Java (Long, Double, Boolean, String or null). */
    Object get(int row, int column) {
        return columns[column].get(row);
    }

    /** The cell output: column names and types, the first rows (JSON-ready), the row count. */
    public Output.Table preview(int rows) {
        return preview(rows, size);
    }

    /** The preview of a result of {@code total} rows, of which this table holds the first. */
    public Output.Table preview(int rows, long total) {
        List<Output.Column> cols = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            cols.add(new Output.Column(names.get(j), types.get(j)));
        }
        List<List<Object>> first = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, size); i++) {
            List<Object> row = new ArrayList<>(names.size());
            for (int j = 0; j < names.size(); j++) {
                row.add(jsonValue(get(i, j), kinds.get(j)));
            }
            first.add(row);
        }
        return new Output.Table(cols, first, total);
    }

    private static Object jsonValue(Object v, String kind) {
        if (v instanceof String s) {
            return switch (kind) {
                case "decimal" -> new BigDecimal(s);
                case "bigint" -> new BigInteger(s);
                default -> s;
            };
        }
        return v;
    }

    // ---- what Python sees

    @Override
    public Object getMember(String key) {
        return switch (key) {
            case "columns" -> ProxyArray.fromList(new ArrayList<>(names));
            case "types" -> ProxyArray.fromList(new ArrayList<>(types));
            case "kinds" -> ProxyArray.fromList(new ArrayList<>(kinds));
            case "size" -> size;
            case "rows" -> (ProxyExecutable) args -> rows(args[0].asInt(), args[1].asInt());
            case "column" -> (ProxyExecutable) args -> column(args[0].asInt());
            case "slice" -> (ProxyExecutable) args -> slice(args[0].asInt(), args[1].asInt());
            case "hasNulls" -> (ProxyExecutable) args -> !columns[args[0].asInt()].nulls.isEmpty();
            // lets Python learn what a missing value looks like when it crosses over (a foreign None)
            case "none" -> (ProxyExecutable) args -> null;
            default -> null;
        };
    }

    /** Rows {@code [start, start+count)} as arrays of values: one interop call per chunk, not per row. */
    private ProxyArray rows(int start, int count) {
        int end = Math.min(size, Math.max(start, 0) + Math.max(count, 0));
        List<Object> out = new ArrayList<>(Math.max(0, end - start));
        for (int i = Math.max(start, 0); i < end; i++) {
            Object[] row = new Object[columns.length];
            for (int j = 0; j < columns.length; j++) {
                row[j] = get(i, j);
            }
            out.add(ProxyArray.fromArray(row));
        }
        return ProxyArray.fromList(out);
    }

    /** Rows {@code [start, start+count)} by column: Python turns each into a list in one go, then zips rows. */
    private ProxyArray slice(int start, int count) {
        int from = Math.max(0, Math.min(start, size));
        int to = Math.min(size, from + Math.max(0, count));
        Object[] out = new Object[columns.length];
        for (int j = 0; j < columns.length; j++) {
            out[j] = new ColumnView(columns[j], from, to);
        }
        return ProxyArray.fromArray(out);
    }

    private ProxyArray column(int j) {
        return new ColumnView(columns[j], 0, size);
    }

    /** Rows {@code [from, to)} of one column, read in place. */
    private record ColumnView(Column column, int from, int to) implements ProxyArray {
        @Override
        public Object get(long index) {
            return column.get(from + (int) index);
        }

        @Override
        public void set(long index, Value value) {
            throw new UnsupportedOperationException("query results are read-only");
        }

        @Override
        public long getSize() {
            return to - from;
        }
    }

    @Override
    public Object getMemberKeys() {
        return ProxyArray.fromArray("columns", "types", "kinds", "size", "rows", "column", "slice", "hasNulls", "none");
    }

    @Override
    public boolean hasMember(String key) {
        return getMember(key) != null;
    }

    @Override
    public void putMember(String key, Value value) {
        throw new UnsupportedOperationException("query results are read-only");
    }

    // ---- columns: grown by doubling, nulls in a bit set

    private abstract static class Column {
        final BitSet nulls = new BitSet();

        void setNull(int row) {
            ensure(row);
            nulls.set(row);
        }

        /** Room for {@code row}: capacity doubles, so a million rows cost about twenty copies in all. */
        final void ensure(int row) {
            if (row >= capacity()) {
                resize(Math.max(row + 1, capacity() * 2));
            }
        }

        abstract int capacity();

        abstract void resize(int size);

        final Object get(int row) {
            return nulls.get(row) ? null : value(row);
        }

        abstract Object value(int row);
    }

    private static final class LongColumn extends Column {
        long[] values = new long[1024];

        void set(int row, long v) {
            ensure(row);
            values[row] = v;
        }

        @Override
        int capacity() {
            return values.length;
        }

        @Override
        void resize(int size) {
            values = Arrays.copyOf(values, size);
        }

        @Override
        Object value(int row) {
            return values[row];
        }
    }

    private static final class DoubleColumn extends Column {
        double[] values = new double[1024];

        void set(int row, double v) {
            ensure(row);
            values[row] = v;
        }

        @Override
        int capacity() {
            return values.length;
        }

        @Override
        void resize(int size) {
            values = Arrays.copyOf(values, size);
        }

        @Override
        Object value(int row) {
            return values[row];
        }
    }

    private static final class ObjectColumn extends Column {
        Object[] values = new Object[1024];

        void set(int row, Object v) {
            ensure(row);
            values[row] = v;
        }

        @Override
        int capacity() {
            return values.length;
        }

        @Override
        void resize(int size) {
            values = Arrays.copyOf(values, size);
        }

        @Override
        Object value(int row) {
            return values[row];
        }
    }
}
