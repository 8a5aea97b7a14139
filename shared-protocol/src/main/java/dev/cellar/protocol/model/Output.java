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

    /** A tabular value: column names and types, the first rows, and the total row count. */
    record Table(List<Column> columns, List<List<Object>> rows, long rowCount) implements Output {
        public Table {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    record Column(String name, String type) {
    }
}
