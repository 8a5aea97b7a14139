package dev.cellar.daemon.assistant;

import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.protocol.rpc.Json;
import java.util.Set;
import java.util.function.Supplier;

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
        return why(policy(session, fallback), tool, () -> runsOthersCells(arguments, written)
                ? "running cells this turn did not write needs approval"
                : !confined(session) ? "running code on " + session.kernelInfo().description()
                + ", which is not sandboxed, needs approval (the notebook's sandbox=on or approval=auto lifts this)"
                : !sqlConfined(session) && runsSql(session, arguments) ? "running SQL on a database server ("
                + session.kernelInfo().sql() + ": no sandbox reaches it) needs approval (approval=auto lifts this)"
                : null);
    }

    /**
     * The decision by the tool's {@link Tool.Gate} under {@code policy}; {@code runRule} says why a
     * run waits under ask-destructive (null: it need not). A tool not in the table is a change:
     * the tool itself answers that there is no such tool.
     */
    static String why(ApprovalPolicy policy, String tool, Supplier<String> runRule) {
        Tool known = Tool.named(tool).orElse(null);
        Tool.Gate gate = known == null ? Tool.Gate.CHANGE : known.gate();
        if (gate == Tool.Gate.NEVER) {
            return null;
        }
        return switch (policy) {
            case AUTO -> null;
            case ASK_ALL -> "every change needs approval (policy ask-all)";
            case ASK_DESTRUCTIVE -> switch (gate) {
                case DESTRUCTIVE -> known.asks();
                case RUN -> runRule.get();
                case NEVER, CHANGE -> null;
            };
        };
    }

    /**
     * Whether edits may start runs by themselves: only where running needs no approval. An
     * edit's reactive run may reach an SQL cell, so SQL on a server stops it as unconfined
     * Python does.
     */
    static boolean autorun(NotebookSession session, ApprovalPolicy fallback) {
        return policy(session, fallback) == ApprovalPolicy.AUTO || confined(session) && sqlConfined(session);
    }

    /**
     * Whether the notebook's SQL cells are confined: on the embedded DuckDB (kept to the
     * notebook's folder), not on a server, which does whatever its own rights allow
     * ({@code COPY … TO PROGRAM}, {@code pg_read_file}) however the Python is sandboxed.
     */
    static boolean sqlConfined(NotebookSession session) {
        return !session.kernelInfo().sqlUnconfined();
    }

    /** Whether running these cells may run an SQL cell: one of them, or one up- or downstream of them. */
    private static boolean runsSql(NotebookSession session, String arguments) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        try {
            Json.MAPPER.readTree(arguments).path("cellIds").forEach(id -> ids.add(id.asText()));
        } catch (Exception malformed) {
            return false; // the tool reports the malformed arguments; nothing runs
        }
        var nb = session.current();
        java.util.Map<String, dev.cellar.daemon.analysis.Analysis> analyses = new java.util.HashMap<>();
        nb.cells().forEach(c -> analyses.put(c.id(), c.analysis()));
        var graph = dev.cellar.daemon.graph.DependencyGraph.of(analyses);
        java.util.Set<String> reached = new java.util.HashSet<>(graph.withDescendants(ids));
        reached.addAll(graph.withAncestors(ids));
        return nb.cells().stream().anyMatch(c -> reached.contains(c.id()) && c.kind() == dev.cellar.protocol.model.CellKind.SQL);
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
