package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** One piece of a cell's output, in the order the cell produced them. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Output.Stream.class, name = "stream"),
    @JsonSubTypes.Type(value = Output.Text.class, name = "text"),
    @JsonSubTypes.Type(value = Output.Table.class, name = "table"),
    @JsonSubTypes.Type(value = Output.Display.class, name = "display"),
})
public sealed interface Output {

    /** Text the cell wrote to {@code stdout} or {@code stderr}. */
    record Stream(String name, String text) implements Output {
        public Stream {
            if (!name.equals("stdout") && !name.equals("stderr")) {
                throw new IllegalArgumentException("stream name must be stdout or stderr: " + name);
            }
        }
    }

    /** The display value of the cell's last expression, as text. */
    record Text(String text) implements Output {
    }

    /**
     * A tabular value: column names and types, the first rows, and the total row count. A
     * value with representations of its own (a pandas DataFrame or Series) also carries them
     * in {@code data} as a MIME bundle ({@code text/plain}, often {@code text/html}): exports
     * show those, as Jupyter would, while the terminal pages through the rows. Null for query
     * results, which have no other form. {@code handle}, set by the daemon, names the whole
     * table the kernel or the daemon keeps for the cell's last run: {@code table.rows} pages
     * through it. Null: only these rows exist (an imported output, an edited cell's old result).
     */
    record Table(List<Column> columns, List<List<Object>> rows, long rowCount, java.util.Map<String, String> data,
                 String handle) implements Output {
        public Table {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            data = data == null ? null : java.util.Map.copyOf(data);
        }

        public Table(List<Column> columns, List<List<Object>> rows, long rowCount) {
            this(columns, rows, rowCount, null, null);
        }

        public Table(List<Column> columns, List<List<Object>> rows, long rowCount, java.util.Map<String, String> data) {
            this(columns, rows, rowCount, data, null);
        }

        public Table withHandle(String h) {
            return new Table(columns, rows, rowCount, data, h);
        }

        /** Whether rows beyond the preview can be read ({@code table.rows}). */
        public boolean pageable() {
            return handle != null;
        }

        /** The value's own representation of that MIME type, or null. */
        public String own(String mime) {
            return data == null ? null : data.get(mime);
        }
    }

    record Column(String name, String type) {
    }

    /**
     * A rich value as a MIME bundle, as Jupyter's {@code display_data}: {@code text/plain}
     * always (the fallback every client can show), plus e.g. {@code image/png} (base64),
     * {@code text/html}, {@code text/markdown}, {@code image/svg+xml}, {@code application/json}.
     */
    record Display(java.util.Map<String, String> data) implements Output {
        public static final String PLAIN = "text/plain";
        public static final String PNG = "image/png";

        public Display {
            data = java.util.Map.copyOf(data);
        }

        /** The text a client shows when it cannot show anything richer. */
        public String plain() {
            String text = data.get(PLAIN);
            return text != null ? text : "[" + String.join(", ", new java.util.TreeSet<>(data.keySet())) + "]";
        }

        /** A PNG's size in pixels from its header, or null when there is no (readable) PNG. */
        public int[] pngSize() {
            String b64 = data.get(PNG);
            if (b64 == null) {
                return null;
            }
            try {
                byte[] head = java.util.Base64.getMimeDecoder().decode(b64.substring(0, Math.min(b64.length(), 44)));
                if (head.length < 24) {
                    return null;
                }
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
                return new int[] {b.getInt(16), b.getInt(20)};
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
