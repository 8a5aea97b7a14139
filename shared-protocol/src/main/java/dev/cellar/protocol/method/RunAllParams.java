package dev.cellar.protocol.method;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code notebook.runAll}. Optional, for batch runs: {@code parameters} replace what the
 * notebook's parameters cell sets; {@code cellTimeoutMillis} limits each cell of this run;
 * {@code failFast} stops the run at the first failure; {@code freshKernel} restarts the
 * kernel first, so the run starts from a fresh interpreter as {@code jupyter execute} does.
 */
public record RunAllParams(String notebookId, @JsonProperty("wait") boolean awaitResult, Map<String, JsonNode> parameters,
                           Long cellTimeoutMillis, boolean failFast, boolean freshKernel) {

    public RunAllParams(String notebookId, boolean awaitResult) {
        this(notebookId, awaitResult, null, null, false, false);
    }

    public RunAllParams(String notebookId, boolean awaitResult, Map<String, JsonNode> parameters, Long cellTimeoutMillis,
                        boolean failFast) {
        this(notebookId, awaitResult, parameters, cellTimeoutMillis, failFast, false);
    }
}
