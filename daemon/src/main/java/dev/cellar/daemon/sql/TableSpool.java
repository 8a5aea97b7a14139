package dev.cellar.daemon.sql;

import dev.cellar.daemon.execution.TableQuery;
import dev.cellar.daemon.units.ByteSize;
import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.model.Output;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An SQL cell's whole result on disk, in the kernel's private temp folder: the daemon keeps
 * only the preview in memory and pages from here ({@code table.rows}). Two files: the rows
 * ({@code .rows}, each value a tag byte then its bytes) and where each row starts
 * ({@code .index}, 8 bytes a row), so any page is two positional reads. A sorted or searched
 * view is one {@code int[]} of row numbers, the last one asked for kept. Written once on the
 * kernel thread ({@link Writer}), then read from any thread.
 */
public final class TableSpool implements AutoCloseable {
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte TRUE = 3;
    private static final byte FALSE = 4;
    private static final byte TEXT = 5;

    private final String handle;
    private final Path rowsFile;
    private final Path indexFile;
    private final List<Output.Column> columns;
    private final List<String> kinds;
    private long size;
    private long bytes;
    private FileChannel rows;
    private FileChannel index;
    /** The last view asked for: its key and the row numbers in it. */
    private String viewKey;
    private int[] view;

    private TableSpool(String handle, Path folder, List<Output.Column> columns, List<String> kinds) {
        this.handle = handle;
        this.rowsFile = folder.resolve(handle.replace(':', '-') + ".rows");
        this.indexFile = folder.resolve(handle.replace(':', '-') + ".index");
        this.columns = List.copyOf(columns);
        this.kinds = List.copyOf(kinds);
    }

    public String handle() {
        return handle;
    }

    public synchronized long size() {
        return size;
    }

    /** What the spool takes on disk. */
    public synchronized long bytes() {
        return bytes;
    }

    /** A result larger than the room its spool had; the message says how large and what to do. */
    public static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full(long rows, long budget, String why) {
            super("the result is larger than the room the daemon keeps to page through it: its first " + rows
                    + " rows filled the " + ByteSize.describe(budget) + " it had (" + why + "). Aggregate or filter in"
                    + " SQL, or add a LIMIT", null, false, false);
        }
    }

    /** Writes a result's rows as they are read, then becomes the spool ({@link #finish}). */
    public static final class Writer implements AutoCloseable {
        private final TableSpool spool;
        private final DataOutputStream out;
        private final DataOutputStream idx;
        private final ByteArrayOutputStream rowBytes = new ByteArrayOutputStream(256);
        private final DataOutputStream row = new DataOutputStream(rowBytes);
        private long position;
        private long count;
        private final long budget;
        private final String why;

        Writer(TableSpool spool, long budget, String why) throws IOException {
            this.spool = spool;
            this.budget = budget;
            this.why = why;
            this.out = new DataOutputStream(new BufferedOutputStream(open(spool.rowsFile), 1 << 20));
            this.idx = new DataOutputStream(new BufferedOutputStream(open(spool.indexFile), 1 << 16));
        }

        private static OutputStream open(Path p) throws IOException {
            return Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        /** One row, as the reader has it: Long, Double, Boolean, String or null per column. */
        void add(Object[] values) throws IOException {
            rowBytes.reset();
            for (Object v : values) {
                switch (v) {
                    case null -> row.writeByte(NULL);
                    case Long l -> {
                        row.writeByte(LONG);
                        row.writeLong(l);
                    }
                    case Double d -> {
                        row.writeByte(DOUBLE);
                        row.writeDouble(d);
                    }
                    case Boolean b -> row.writeByte(b ? TRUE : FALSE);
                    default -> {
                        byte[] text = v.toString().getBytes(StandardCharsets.UTF_8);
                        row.writeByte(TEXT);
                        row.writeInt(text.length);
                        row.write(text);
                    }
                }
            }
            if (position + rowBytes.size() + (count + 1) * Long.BYTES > budget) {
                throw new Full(count, budget, why);
            }
            idx.writeLong(position);
            rowBytes.writeTo(out);
            position += rowBytes.size();
            count++;
        }

        /** The spool, readable from now on. */
        TableSpool finish() throws IOException {
            out.close();
            idx.close();
            spool.open(count, position + count * Long.BYTES);
            return spool;
        }

        @Override
        public void close() {
            try {
                out.close();
                idx.close();
            } catch (IOException ignored) {
                // the files go with the spool
            }
        }

        void discard() {
            close();
            spool.close();
        }
    }

    /** Starts a spool in {@code folder} (the kernel's private temp folder). */
    static Writer writer(String handle, Path folder, List<Output.Column> columns, List<String> kinds, long budget,
                         String why) throws IOException {
        return new Writer(new TableSpool(handle, folder, columns, kinds), budget, why);
    }

    private synchronized void open(long count, long onDisk) throws IOException {
        size = count;
        bytes = onDisk;
        rows = FileChannel.open(rowsFile, StandardOpenOption.READ);
        index = FileChannel.open(indexFile, StandardOpenOption.READ);
    }

    /** A page after the search and sort; see {@code table.rows}. Any thread. */
    public synchronized TableRows rows(TableQuery q) {
        if (rows == null) {
            throw TableQuery.gone("the cell ran again");
        }
        try {
            Integer sortColumn = null;
            if (q.sort() != null) {
                for (int j = 0; j < columns.size(); j++) {
                    if (columns.get(j).name().equals(q.sort())) {
                        sortColumn = j;
                        break;
                    }
                }
                if (sortColumn == null) {
                    throw new IllegalArgumentException("sort: no column named " + q.sort());
                }
            }
            String search = q.search() == null || q.search().isEmpty() ? null : q.search().toLowerCase(Locale.ROOT);
            int[] order = null;
            if (sortColumn != null || search != null) {
                String key = sortColumn + "/" + q.descending() + "/" + search;
                if (!key.equals(viewKey)) {
                    view = select(sortColumn, q.descending(), search);
                    viewKey = key;
                }
                order = view;
            }
            long matching = order == null ? size : order.length;
            List<List<Object>> page = new ArrayList<>();
            long end = Math.min(matching, q.offset() + q.limit());
            for (long i = q.offset(); i < end; i++) {
                page.add(row(order == null ? i : order[(int) i]));
            }
            return new TableRows(handle, columns, size, matching, q.offset(), page);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled result: " + e.getMessage(), e);
        }
    }

    private int[] select(Integer sortColumn, boolean descending, String search) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sort: the result is too large to sort or search here; do it in SQL");
        }
        int[] keep = new int[(int) size];
        Object[] keys = sortColumn == null ? null : new Object[(int) size];
        int n = 0;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(rowsFile), 1 << 20))) {
            for (int i = 0; i < size; i++) {
                List<Object> r = read(in);
                if (search != null && r.stream().noneMatch(v -> v != null && text(v).toLowerCase(Locale.ROOT).contains(search))) {
                    continue;
                }
                if (keys != null) {
                    keys[n] = r.get(sortColumn);
                }
                keep[n++] = i;
            }
        }
        if (keys == null) {
            return Arrays.copyOf(keep, n);
        }
        Integer[] at = new Integer[n];
        for (int i = 0; i < n; i++) {
            at[i] = i;
        }
        Object[] k = keys;
        Comparator<Object> values = descending ? Comparator.comparing(v -> v, TableSpool::compare).reversed()
                : Comparator.comparing(v -> v, TableSpool::compare);
        Arrays.sort(at, Comparator.comparing((Integer i) -> k[i], Comparator.nullsLast(values)));
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = keep[at[i]];
        }
        return sorted;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Long l && y instanceof Long m) {
                return Long.compare(l, m);
            }
            if (x instanceof BigDecimal || y instanceof BigDecimal || x instanceof BigInteger || y instanceof BigInteger) {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
            }
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable c) {
            return c.compareTo(b);
        }
        return text(a).compareTo(text(b));
    }

    private static String text(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }

    private List<Object> row(long i) throws IOException {
        ByteBuffer at = ByteBuffer.allocate(16);
        index.read(at, i * 8);
        long start = at.getLong(0);
        long end;
        if (i + 1 < size) {
            end = at.getLong(8);
            if (at.position() < 16) { // a short read at the end of the index: read the next start alone
                ByteBuffer next = ByteBuffer.allocate(8);
                index.read(next, (i + 1) * 8);
                end = next.getLong(0);
            }
        } else {
            end = rows.size();
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(end - start));
        while (bytes.hasRemaining() && rows.read(bytes, start + bytes.position()) > 0) {
            // positional reads until the row is in
        }
        return read(new DataInputStream(new java.io.ByteArrayInputStream(bytes.array())));
    }

    private List<Object> read(DataInputStream in) throws IOException {
        List<Object> r = new ArrayList<>(columns.size());
        for (int j = 0; j < columns.size(); j++) {
            byte tag = in.readByte();
            Object v = switch (tag) {
                case NULL -> null;
                case LONG -> in.readLong();
                case DOUBLE -> in.readDouble();
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case TEXT -> {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    String s = new String(b, StandardCharsets.UTF_8);
                    yield switch (kinds.get(j)) {
                        case "decimal" -> new BigDecimal(s);
                        case "bigint" -> new BigInteger(s);
                        default -> s;
                    };
                }
                default -> throw new IOException("the spool is damaged (tag " + tag + ")");
            };
            r.add(v);
        }
        return r;
    }

    /** Closes and deletes the files; later reads say the table is gone. Any thread. */
    @Override
    public synchronized void close() {
        try {
            if (rows != null) {
                rows.close();
            }
            if (index != null) {
                index.close();
            }
        } catch (IOException ignored) {
            // deleting them is what matters
        }
        rows = null;
        index = null;
        view = null;
        viewKey = null;
        try {
            Files.deleteIfExists(rowsFile);
            Files.deleteIfExists(indexFile);
        } catch (IOException ignored) {
            // the folder goes with the kernel
        }
    }
}
