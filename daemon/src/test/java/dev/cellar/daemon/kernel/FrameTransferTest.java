package dev.cellar.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.sql.Frame;
import dev.cellar.protocol.rpc.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a kernel sends for {@code FROM df} is untrusted: every size, offset and byte is checked. */
class FrameTransferTest {
    private static final long LIMIT = 1 << 20;

    private static ObjectNode header(int size, String[] names, String[] kinds, boolean... nulls) {
        ObjectNode h = Json.MAPPER.createObjectNode().put("size", size);
        for (String n : names) {
            h.withArray("columns").add(n);
        }
        for (String k : kinds) {
            h.withArray("kinds").add(k);
        }
        h.putArray("nulls");
        for (int j = 0; j < names.length; j++) {
            h.withArray("nulls").add(j < nulls.length && nulls[j]);
        }
        return h;
    }

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    @Test
    void aWellFormedFrameIsReadWithItsNullsAndText() {
        ObjectNode h = header(3, new String[] {"id", "name", "name"}, new String[] {"int", "str", "str"}, false, true, false);
        List<byte[]> blobs = new ArrayList<>(List.of(longs(1, 2, 3), new byte[] {0, 1, 0}, ints(1, 1, 4),
                "abar".getBytes(StandardCharsets.UTF_8), ints(2, 4, 6), "éxyzw".getBytes(StandardCharsets.UTF_8)));
        Frame f = FrameTransfer.read("df", h, blobs, LIMIT);
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.columns()).extracting(Frame.Column::name).as("a repeated name is numbered").containsExactly("id", "name",
                "name_1");
        assertThat((long[]) f.columns().get(0).values()).containsExactly(1, 2, 3);
        assertThat((String[]) f.columns().get(1).values()).containsExactly("a", null, "bar");
        assertThat((String[]) f.columns().get(2).values()).containsExactly("é", "xy", "zw");
    }

    @Test
    void framesThatDoNotAddUpAreRefusedSayingWhat() {
        String[] one = {"x"};
        assertThatThrownBy(() -> FrameTransfer.read("df", header(3, one, new String[] {"int"}), List.of(longs(1, 2)), LIMIT))
                .isInstanceOf(Frame.Refused.class).hasMessageContaining("column x has 16 bytes where its size says 24");
        assertThatThrownBy(() -> FrameTransfer.read("df", header(-1, one, new String[] {"int"}), List.of(), LIMIT))
                .hasMessageContaining("is not a row count");
        assertThatThrownBy(() -> FrameTransfer.read("df", header(1, one, new String[] {"pickle"}), List.of(longs(1)), LIMIT))
                .hasMessageContaining("unknown kind pickle");
        assertThatThrownBy(() -> FrameTransfer.read("df", header(1, one, new String[] {"int"}), List.of(longs(1), longs(2)),
                LIMIT)).hasMessageContaining("more data than its columns say");
        assertThatThrownBy(() -> FrameTransfer.read("df", header(2, one, new String[] {"str"}),
                List.of(ints(3, 1), "abc".getBytes(StandardCharsets.UTF_8)), LIMIT)).hasMessageContaining("out of order");
        assertThatThrownBy(() -> FrameTransfer.read("df", header(1, one, new String[] {"str"}),
                List.of(ints(2), new byte[] {(byte) 0xC3, (byte) 0x28}), LIMIT)).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> FrameTransfer.read("df", header(1, one, new String[] {"str"}),
                List.of(ints(1), "ab".getBytes(StandardCharsets.UTF_8)), LIMIT)).hasMessageContaining("no row uses");
        assertThatThrownBy(() -> FrameTransfer.read("df", header(0, new String[0], new String[0]), List.of(), LIMIT))
                .hasMessageContaining("no columns");
        ObjectNode mismatched = header(1, one, new String[] {"int", "int"});
        assertThatThrownBy(() -> FrameTransfer.read("df", mismatched, List.of(longs(1)), LIMIT))
                .hasMessageContaining("lists 1 columns but 2 kinds");
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItIsRead() {
        int n = 200_000;
        assertThatThrownBy(() -> FrameTransfer.read("df", header(n, new String[] {"x"}, new String[] {"float"}),
                List.of(new byte[8 * n]), LIMIT)).isInstanceOf(Frame.Refused.class)
                .hasMessageContaining("it is 1.5 MiB, over the limit of 1 MiB");
    }
}
