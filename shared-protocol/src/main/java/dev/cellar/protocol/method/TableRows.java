package dev.cellar.protocol.method;

import dev.cellar.protocol.model.Output;
import java.util.List;

/**
 * {@code table.rows}'s answer: the table's columns with their types (dtypes), how many rows it
 * has ({@code totalRows}) and how many match the search ({@code matchingRows}, equal without
 * one), the first row's position in that view ({@code offset}), the rows, and the handle of the
 * table they come from.
 */
public record TableRows(String handle, List<Output.Column> columns, long totalRows, long matchingRows, long offset,
                        List<List<Object>> rows) {
    public TableRows {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
