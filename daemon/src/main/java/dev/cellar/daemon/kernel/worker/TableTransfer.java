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
