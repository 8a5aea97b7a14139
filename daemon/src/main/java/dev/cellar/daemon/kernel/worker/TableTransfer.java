package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.sql.ResultTable;
import dev.cellar.protocol.rpc.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A query result as one frame for the worker, by column: integers and floats as
 * little-endian 8-byte arrays (numpy reads them in place), booleans as bytes, every other
 * kind as UTF-8 text with 4-byte end offsets; a byte mask (1 = missing) precedes a column
 * that has missing values. worker.py's {@code _Columns} reads it. A million rows of three
 * columns is a few tens of MB and crosses in a fraction of a second, where JSON row by row
 * would take many.
 */
final class TableTransfer {
    private TableTransfer() {
    }

    record Frame(ObjectNode header, List<byte[]> blobs) {
    }

    static Frame of(String name, ResultTable table) {
        int n = table.size();
        ObjectNode header = Json.MAPPER.createObjectNode().put("op", "bind_table").put("name", name).put("size", n);
        ArrayNode columns = header.putArray("columns");
        ArrayNode types = header.putArray("types");
        ArrayNode kinds = header.putArray("kinds");
        ArrayNode nulls = header.putArray("nulls");
        List<byte[]> blobs = new ArrayList<>();
        for (int j = 0; j < table.names().size(); j++) {
            columns.add(table.names().get(j));
            types.add(table.types().get(j));
            String kind = table.kinds().get(j);
            kinds.add(kind);
            BitSet missing = table.nulls(j);
            boolean hasNulls = !missing.isEmpty();
            nulls.add(hasNulls);
            if (hasNulls) {
                byte[] mask = new byte[n];
                missing.stream().filter(i -> i < n).forEach(i -> mask[i] = 1);
                blobs.add(mask);
            }
            Object values = table.values(j);
            switch (values) {
                case long[] longs -> blobs.add(bytes(n, buf -> {
                    for (int i = 0; i < n; i++) {
                        buf.putLong(longs[i]);
                    }
                }));
                case double[] doubles -> blobs.add(bytes(n, buf -> {
                    for (int i = 0; i < n; i++) {
                        buf.putDouble(doubles[i]);
                    }
                }));
                case Object[] objects when kind.equals("bool") -> {
                    byte[] flags = new byte[n];
                    for (int i = 0; i < n; i++) {
                        flags[i] = (byte) (Boolean.TRUE.equals(objects[i]) ? 1 : 0);
                    }
                    blobs.add(flags);
                }
                case Object[] objects -> addText(objects, n, blobs);
                default -> throw new IllegalStateException("unknown column storage " + values.getClass());
            }
        }
        return new Frame(header, blobs);
    }

    /** The other way: a frame back into a table (the GraalPy worker gives it to its Python as the daemon would). */
    static ResultTable read(com.fasterxml.jackson.databind.JsonNode header, List<byte[]> blobs) {
        int n = header.path("size").asInt();
        List<String> names = texts(header.path("columns"));
        List<String> types = texts(header.path("types"));
        List<String> kinds = texts(header.path("kinds"));
        List<Object> values = new ArrayList<>();
        List<BitSet> nulls = new ArrayList<>();
        java.util.Iterator<byte[]> it = blobs.iterator();
        for (int j = 0; j < kinds.size(); j++) {
            BitSet missing = new BitSet();
            if (header.path("nulls").path(j).asBoolean()) {
                byte[] mask = it.next();
                for (int i = 0; i < n; i++) {
                    if (mask[i] != 0) {
                        missing.set(i);
                    }
                }
            }
            nulls.add(missing);
            String kind = kinds.get(j);
            switch (kind) {
                case "int" -> {
                    long[] longs = new long[n];
                    ByteBuffer.wrap(it.next()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(longs);
                    values.add(longs);
                }
                case "float" -> {
                    double[] doubles = new double[n];
                    ByteBuffer.wrap(it.next()).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(doubles);
                    values.add(doubles);
                }
                case "bool" -> {
                    byte[] flags = it.next();
                    Object[] objects = new Object[n];
                    for (int i = 0; i < n; i++) {
                        objects[i] = missing.get(i) ? null : flags[i] != 0;
                    }
                    values.add(objects);
                }
                default -> {
                    java.nio.IntBuffer ends = ByteBuffer.wrap(it.next()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                    byte[] data = it.next();
                    Object[] objects = new Object[n];
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        int end = ends.get(i);
                        objects[i] = missing.get(i) ? null : new String(data, start, end - start, StandardCharsets.UTF_8);
                        start = end;
                    }
                    values.add(objects);
                }
            }
        }
        return ResultTable.ofColumns(names, types, kinds, n, values, nulls);
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static byte[] bytes(int n, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer buf = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(buf);
        return buf.array();
    }

    private static void addText(Object[] values, int n, List<byte[]> blobs) {
        ByteBuffer ends = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream data = new ByteArrayOutputStream(n * 8);
        for (int i = 0; i < n; i++) {
            Object v = values[i];
            if (v != null) {
                data.writeBytes(v.toString().getBytes(StandardCharsets.UTF_8));
            }
            ends.putInt(data.size());
        }
        blobs.add(ends.array());
        blobs.add(data.toByteArray());
    }
}
