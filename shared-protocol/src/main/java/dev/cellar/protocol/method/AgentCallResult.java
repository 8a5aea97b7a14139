package dev.cellar.protocol.method;

/**
 * The tool's answer, as JSON text for the agent: {@code ok} false for a call that did not
 * do what was asked (a conflict, with the current cell; refused by a person; bad
 * arguments). {@code turnId}: the agent's turn the call belongs to, if it touched a notebook.
 */
public record AgentCallResult(String json, boolean ok, String turnId) {
}
