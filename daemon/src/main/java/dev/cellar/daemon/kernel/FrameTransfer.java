package dev.cellar.daemon.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.sql.Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A DataFrame as a kernel sends it for an SQL cell (sql_bridge.py's {@code sql_frame}), read
 * as untrusted input: TableTransfer's layout (little-endian 8-byte numbers, one byte per
 * boolean, UTF-8 text with 4-byte end offsets, a byte mask before a column with missing
 * values, timestamps as int64 microseconds), every size, offset and byte checked against the
 * header and the limit before anything reaches DuckDB. A frame that does not add up is
 * refused with what was wrong, never half read.
 */
public final class FrameTransfer {
    static final int MAX_COLUMNS = 10_000;
    static final int MAX_NAME = 1_024;

    private FrameTransfer() {
    }

    public static Frame read(String name, JsonNode header, List<byte[]> blobs, long maxBytes) {
        long total = 0;
        for (byte[] b : blobs) {
            total += b.length;
        }
        if (total > maxBytes) {
            throw refused(name, String.format(Locale.ROOT, "it is %.1f MiB, over the limit of %d MiB (CELLAR_SQL_FRAME_MAX_MB)",
                    total / 1048576.0, maxBytes >> 20));
        }
        JsonNode size = header.path("size");
        if (!size.canConvertToInt() || size.asInt() < 0) {
            throw refused(name, "its size " + size + " is not a row count");
        }
        int n = size.asInt();
        List<String> names = texts(name, header, "columns");
        List<String> kinds = texts(name, header, "kinds");
        JsonNode nulls = header.path("nulls");
        if (names.isEmpty()) {
            throw refused(name, "it has no columns");
        }
        if (names.size() > MAX_COLUMNS) {
            throw refused(name, "it has " + names.size() + " columns (at most " + MAX_COLUMNS + ")");
        }
        if (kinds.size() != names.size() || !nulls.isArray() || nulls.size() != names.size()) {
            throw refused(name, "its header lists " + names.size() + " columns but " + kinds.size() + " kinds and "
                    + nulls.size() + " null flags");
        }
        Iterator<byte[]> it = blobs.iterator();
        List<Frame.Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < names.size(); j++) {
            String column = unique(names.get(j), j, seen);
            String kind = kinds.get(j);
            if (Frame.duckDbType(kind) == null) {
                throw refused(name, "column " + column + " has the unknown kind " + kind);
            }
            boolean[] missing = null;
            if (nulls.get(j).asBoolean()) {
                byte[] mask = next(name, it, column, n);
                missing = new boolean[n];
                for (int i = 0; i < n; i++) {
                    missing[i] = mask[i] != 0;
                }
            }
            Object values = switch (kind) {
                case "int", "timestamp_us" -> {
                    long[] longs = new long[n];
                    ByteBuffer.wrap(next(name, it, column, 8L * n)).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(longs);
                    yield longs;
                }
                case "float" -> {
                    double[] doubles = new double[n];
                    ByteBuffer.wrap(next(name, it, column, 8L * n)).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(doubles);
                    yield doubles;
                }
                case "bool" -> {
                    byte[] flags = next(name, it, column, n);
                    boolean[] bools = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        bools[i] = flags[i] != 0;
                    }
                    yield bools;
                }
                default -> texts(name, column, next(name, it, column, 4L * n), it, n, missing);
            };
            columns.add(new Frame.Column(column, kind, values, missing));
        }
        if (it.hasNext()) {
            throw refused(name, "it carries more data than its columns say");
        }
        return new Frame(name, n, columns);
    }

    private static String[] texts(String name, String column, byte[] endBytes, Iterator<byte[]> it, int n, boolean[] missing) {
        if (!it.hasNext()) {
            throw refused(name, "column " + column + " lacks its text");
        }
        byte[] data = it.next();
        java.nio.IntBuffer ends = ByteBuffer.wrap(endBytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        boolean ascii = true;
        for (byte b : data) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        String all = ascii ? new String(data, StandardCharsets.US_ASCII) : null;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String[] out = new String[n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = ends.get(i);
            if (end < start || end > data.length) {
                throw refused(name, "column " + column + " has a text offset " + end + " out of order or past its "
                        + data.length + " bytes (row " + i + ")");
            }
            if (missing == null || !missing[i]) {
                try {
                    out[i] = all != null ? all.substring(start, end)
                            : decoder.decode(ByteBuffer.wrap(data, start, end - start)).toString();
                } catch (CharacterCodingException e) {
                    throw refused(name, "column " + column + " holds text that is not UTF-8 (row " + i + ")");
                }
            }
            start = end;
        }
        if (start != data.length) {
            throw refused(name, "column " + column + " has " + (data.length - start) + " bytes of text no row uses");
        }
        return out;
    }

    private static byte[] next(String name, Iterator<byte[]> it, String column, long expected) {
        if (!it.hasNext()) {
            throw refused(name, "column " + column + " lacks its data");
        }
        byte[] b = it.next();
        if (b.length != expected) {
            throw refused(name, "column " + column + " has " + b.length + " bytes where its size says " + expected);
        }
        return b;
    }

    /** Column names as DuckDB's Python API makes them: empty ones named by position, repeats numbered. */
    private static String unique(String column, int j, Set<String> seen) {
        String base = column.isEmpty() ? "column" + j : column;
        String candidate = base;
        for (int k = 1; !seen.add(candidate.toLowerCase(Locale.ROOT)); k++) {
            candidate = base + "_" + k;
        }
        return candidate;
    }

    private static List<String> texts(String name, JsonNode header, String field) {
        JsonNode array = header.path(field);
        if (!array.isArray()) {
            throw refused(name, "its header has no " + field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            if (!v.isTextual() || v.asText().length() > MAX_NAME) {
                throw refused(name, "its " + field + " hold " + (v.isTextual() ? "a name over " + MAX_NAME + " characters"
                        : "a " + v.getNodeType().name().toLowerCase(Locale.ROOT)));
            }
            out.add(v.asText());
        }
        return out;
    }

    private static Frame.Refused refused(String name, String why) {
        return new Frame.Refused("the kernel sent " + name + " in a form Cellar refuses: " + why);
    }
}
