package dev.cellar.protocol.method;

import java.util.List;
import java.util.Map;

/**
 * {@code agent.tools}: the tools an external agent (through {@code cellar mcp}) may call,
 * the in-daemon assistant's own set and JSON schemas, plus a {@code notebook} argument
 * and the tools to list and open notebooks and rewind the agent's own turn.
 */
public record AgentTools(List<Tool> tools) {
    /** {@code readOnly}: changes nothing; {@code destructive}: may remove work (delete, overwrite, undo). */
    public record Tool(String name, String description, Map<String, Object> inputSchema, boolean readOnly,
                       boolean destructive) {
    }
}
