package dev.cellar.protocol.method;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code agent.call}: one tool call of an external agent, carried out by the daemon with
 * the assistant's own tool code, as a command on the notebook's loop with actor
 * {@code agent:<name>} (the connection's name). {@code arguments} is the tool's JSON
 * object; its {@code notebook} member (a path or an id) names the notebook. {@code roots}:
 * the absolute paths of the folders (everything under them) and notebook files the agent may
 * reach, as {@code cellar mcp} was started for; null for no limit (a client of the person's own).
 */
public record AgentCallParams(String tool, JsonNode arguments, java.util.List<String> roots) {

    public AgentCallParams(String tool, JsonNode arguments) {
        this(tool, arguments, null);
    }
}
