package dev.cellar.protocol.method;

import com.fasterxml.jackson.annotation.JsonProperty;

public record RunAllParams(String notebookId, @JsonProperty("wait") boolean awaitResult) {
}
