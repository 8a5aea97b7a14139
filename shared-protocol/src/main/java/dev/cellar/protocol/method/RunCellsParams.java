package dev.cellar.protocol.method;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code cell.run}; with {@code wait} the answer comes when the run has finished.
 * ({@code wait} cannot be a record component name in Java, hence the rename.)
 */
public record RunCellsParams(String notebookId, List<String> cellIds, @JsonProperty("wait") boolean awaitResult) {
}
