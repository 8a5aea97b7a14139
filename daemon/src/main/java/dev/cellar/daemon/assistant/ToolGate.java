package dev.cellar.daemon.assistant;

import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.protocol.rpc.Json;
import java.util.Set;

/**
 * Whether a tool call goes ahead or waits for a person: the notebook's approval policy
 * (its header's {@code approval=}, else the daemon's), the same for the in-daemon
 * assistant and for external agents.
 */
final class ToolGate {
    private ToolGate() {
    }

    /** Why this call waits for a person, or null when it may go ahead. {@code written}: cells this turn wrote. */
    static String why(NotebookSession session, ApprovalPolicy fallback, String tool, String arguments, Set<String> written) {
        if (NotebookTools.READ_ONLY.contains(tool)) {
            return null;
        }
        return switch (policy(session, fallback)) {
            case AUTO -> null;
            case ASK_ALL -> "every change needs approval (policy ask-all)";
            case ASK_DESTRUCTIVE -> switch (tool) {
                case "delete_cell" -> "deleting a cell needs approval";
                case "run_cells" -> runsOthersCells(arguments, written) ? "running cells this turn did not write needs approval"
                        : !confined(session) ? "running code on " + session.kernelInfo().description()
                        + ", which is not sandboxed, needs approval (the notebook's sandbox=on or approval=auto lifts this)"
                        : null;
                default -> null;
            };
        };
    }

    /** Whether edits may start runs by themselves: only where running needs no approval. */
    static boolean autorun(NotebookSession session, ApprovalPolicy fallback) {
        return policy(session, fallback) == ApprovalPolicy.AUTO || confined(session);
    }

    /** Whether the notebook's cell code is confined (embedded GraalPy; a sandboxed worker). */
    static boolean confined(NotebookSession session) {
        return !"off".equals(session.kernelInfo().sandbox());
    }

    /** The notebook's own policy, else the daemon's. */
    static ApprovalPolicy policy(NotebookSession session, ApprovalPolicy fallback) {
        String own = session.current().settings().approval();
        if (own != null) {
            try {
                return ApprovalPolicy.parse(own);
            } catch (IllegalArgumentException e) {
                return ApprovalPolicy.ASK_ALL; // a policy we cannot read must not become laxer than the strictest
            }
        }
        return fallback;
    }

    private static boolean runsOthersCells(String arguments, Set<String> written) {
        try {
            for (var id : Json.MAPPER.readTree(arguments).path("cellIds")) {
                if (!written.contains(id.asText())) {
                    return true;
                }
            }
            return false;
        } catch (Exception malformed) {
            return false; // the tool reports the malformed arguments; nothing runs
        }
    }
}
