package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
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

    /**
     * How a value came to be shown, as Jupyter tells its two kinds apart: {@code RESULT}, the
     * cell's last value ({@code execute_result}, numbered by the cell's run); {@code DISPLAY},
     * shown while the cell ran, by {@code display()}, {@code plt.show()} or a figure left open
     * ({@code display_data}). Outputs made before this member existed (and peers that do not
     * send it) have none: text and tables were results, MIME bundles displays ({@link #kindOf}).
     */
    enum Kind {
        @JsonProperty("result") RESULT,
        @JsonProperty("display") DISPLAY
    }

    /** An output's kind, a missing one read as it was meant before there were kinds; null for streams. */
    static Kind kindOf(Output o) {
        return switch (o) {
            case Stream s -> null;
            case Text t -> t.kind() != null ? t.kind() : Kind.RESULT;
            case Table t -> t.kind() != null ? t.kind() : Kind.RESULT;
            case Display d -> d.kind() != null ? d.kind() : Kind.DISPLAY;
        };
    }

    /** Text the cell wrote to {@code stdout} or {@code stderr}. */
    record Stream(String name, String text) implements Output {
        public Stream {
            if (!name.equals("stdout") && !name.equals("stderr")) {
                throw new IllegalArgumentException("stream name must be stdout or stderr: " + name);
            }
        }
    }

    /** A value shown as text: the cell's last expression's, or one displayed ({@code kind}). */
    record Text(String text, Kind kind) implements Output {
        public Text(String text) {
            this(text, null);
        }
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
                 String handle, Kind kind) implements Output {
        public Table {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            data = data == null ? null : java.util.Map.copyOf(data);
        }

        public Table(List<Column> columns, List<List<Object>> rows, long rowCount) {
            this(columns, rows, rowCount, null, null, null);
        }

        public Table(List<Column> columns, List<List<Object>> rows, long rowCount, java.util.Map<String, String> data) {
            this(columns, rows, rowCount, data, null, null);
        }

        public Table(List<Column> columns, List<List<Object>> rows, long rowCount, java.util.Map<String, String> data,
                     String handle) {
            this(columns, rows, rowCount, data, handle, null);
        }

        public Table withHandle(String h) {
            return new Table(columns, rows, rowCount, data, h, kind);
        }

        public Table withKind(Kind k) {
            return new Table(columns, rows, rowCount, data, handle, k);
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
     * A rich value as a MIME bundle, as Jupyter's {@code display_data} or {@code execute_result}
     * ({@code kind}; the cell's last value is a result): {@code text/plain}
     * always (the fallback every client can show), plus e.g. {@code image/png} (base64),
     * {@code text/html}, {@code text/markdown}, {@code image/svg+xml}, {@code application/json}.
     */
    record Display(java.util.Map<String, String> data, Kind kind) implements Output {
        public static final String PLAIN = "text/plain";
        public static final String PNG = "image/png";

        public Display {
            data = java.util.Map.copyOf(data);
        }

        public Display(java.util.Map<String, String> data) {
            this(data, null);
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
