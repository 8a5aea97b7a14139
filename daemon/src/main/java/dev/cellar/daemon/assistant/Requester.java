package dev.cellar.daemon.assistant;

import java.util.Optional;

/**
 * The agent whose tool call waits for approval, as the daemon knows it without taking its
 * word: its connection, the process at the other end of it ({@code pid}: the {@code cellar mcp}
 * server, from the socket's peer credentials; -1 unknown) and that process's parent
 * ({@code host}: the MCP host that started it, Claude Code or an editor; -1 none), recorded when
 * the call is made. An approval from the same connection, or from any process in the tree of
 * the server or of its host (the agent's own shell tool runs there), is not a person's.
 */
public record Requester(String connection, long pid, long host, String hostCommand) {

    /** The agent on {@code connection}, whose client process is {@code pid} (-1: unknown). */
    public static Requester of(String connection, long pid) {
        if (pid <= 0) {
            return new Requester(connection, -1, -1, null);
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent);
        // an orphaned server (its parent init or a subreaper high up) names no host: its tree alone counts
        long host = parent.map(ProcessHandle::pid).filter(p -> p > 1).orElse(-1L);
        String command = parent.flatMap(p -> p.info().command()).orElse(null);
        return new Requester(connection, pid, host, command);
    }

    /**
     * Why a client on {@code connection}, whose process is {@code approverPid} (-1: unknown), may
     * not approve this agent's call; null when it may.
     */
    String refusal(String approverConnection, long approverPid) {
        if (connection.equals(approverConnection)) {
            return "an agent cannot approve its own call";
        }
        if (pid <= 0) {
            return "the daemon cannot tell which process the agent is, so it cannot tell a person's approval from the "
                    + "agent's";
        }
        if (approverPid <= 0) {
            return "the daemon cannot tell which process this client is (approve from the TUI, cellar approve or "
                    + "cellar chat on a terminal of your own)";
        }
        for (Optional<ProcessHandle> p = ProcessHandle.of(approverPid); p.isPresent(); p = p.get().parent()) {
            long ancestor = p.get().pid();
            if (ancestor == pid) {
                return "this client (pid " + approverPid + ") runs inside the agent's MCP server (pid " + pid + ")";
            }
            if (ancestor == host) {
                String hostName = "the agent's MCP host (pid " + host + (hostCommand == null ? "" : ", " + hostCommand) + ")";
                return (approverPid == host ? "this client is " + hostName
                        : "this client (pid " + approverPid + ") was started by " + hostName)
                        + ", where the agent's own tools run";
            }
        }
        return null;
    }
}
