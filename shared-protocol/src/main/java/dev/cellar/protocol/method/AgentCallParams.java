package dev.cellar.protocol.method;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code agent.call}: one tool call of an external agent, carried out by the daemon with
 * the assistant's own tool code, as a command on the notebook's loop with actor
 * {@code agent:<name>} (the connection's name). {@code arguments} is the tool's JSON
 * object; its {@code notebook} member (a path or an id) names the notebook.
 */
public record AgentCallParams(String tool, JsonNode arguments) {
}
