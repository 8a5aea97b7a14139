package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.RewindParams;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code cellar chat NB --rewind [TURN] [--force[=CELLS]]} and the turns of {@code --history}. */
final class RewindPrinter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final PrintWriter err;
    private final String notebook;

    RewindPrinter(PrintWriter out, PrintWriter err, String notebook) {
        this.out = out;
        this.err = err;
        this.notebook = notebook;
    }

    /** {@code force} ["*"]: every cell the daemon reports as changed since the turn. */
    int rewind(CellarClient client, String notebookId, String turnId, List<String> force) throws IOException {
        List<String> forced = force;
        if (force.contains("*")) {
            forced = conflicting(client, notebookId, turnId);
        }
        RewindResult r;
        try {
            r = client.call(Methods.CHAT_REWIND, new RewindParams(notebookId, turnId, forced, false), RewindResult.class);
        } catch (RpcException e) {
            if (e.errorCode() != ErrorCode.CONFLICT || e.data() == null) {
                throw e;
            }
            printConflict(e);
            return ExitCode.FAILED;
        }
        if (r.alreadyRewound()) {
            out.println(r.turnId() + " was already rewound; nothing changed");
        } else if (r.changesNothing()) {
            out.println("rewound " + r.turnId() + ": it had changed no cells");
        } else {
            out.println("rewound " + r.turnId() + ": " + describe(r) + " (revision " + r.revision() + ")");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static List<String> conflicting(CellarClient client, String notebookId, String turnId) throws IOException {
        try {
            client.call(Methods.CHAT_REWIND, new RewindParams(notebookId, turnId, List.of(), true), RewindResult.class);
            return List.of();
        } catch (RpcException e) {
            if (e.errorCode() != ErrorCode.CONFLICT || e.data() == null) {
                throw e;
            }
            List<String> ids = new ArrayList<>();
            e.data().path("conflicts").forEach(c -> ids.add(c.path("cellId").asText()));
            return ids;
        }
    }

    private void printConflict(RpcException e) {
        err.println("cellar: " + e.getMessage());
        String turn = e.data().path("turnId").asText();
        List<String> ids = new ArrayList<>();
        for (JsonNode c : e.data().path("conflicts")) {
            String id = c.path("cellId").asText();
            ids.add(id);
            String left = c.path("turnVersion").isNull() || c.path("turnVersion").isMissingNode() ? "the turn deleted it"
                    : "the turn left version " + c.path("turnVersion").asLong() + " (" + ChatCommand.clip(c.path("turnCode").asText(), 60) + ")";
            JsonNode now = c.path("current");
            String current = now.isNull() || now.isMissingNode() ? "now it is deleted"
                    : "now version " + now.path("version").asLong() + " by " + now.path("lastActor").asText("?") + " ("
                    + ChatCommand.clip(now.path("code").asText(), 60) + ")";
            err.println("  cell " + id + ": " + left + "; " + current);
        }
        err.println("  to overwrite them anyway: cellar chat " + notebook + " --rewind " + turn + " --force=" + String.join(",", ids));
        err.flush();
    }

    private static String describe(RewindResult r) {
        List<String> parts = new ArrayList<>();
        part(parts, "deleted", r.deleted());
        part(parts, "restored", r.restored());
        part(parts, "changed back", r.changed());
        part(parts, "moved back", r.moved());
        return String.join("; ", parts);
    }

    private static void part(List<String> parts, String verb, List<String> ids) {
        if (!ids.isEmpty()) {
            parts.add(verb + " " + String.join(", ", ids));
        }
    }

    static void printTurns(PrintWriter out, List<TurnInfo> turns) {
        if (turns.isEmpty()) {
            return;
        }
        out.println("turns (undo one with --rewind TURN):");
        for (TurnInfo t : turns) {
            out.println("  " + t.turnId() + "  " + TIME.format(Instant.ofEpochMilli(t.startedAt())) + "  " + t.actor()
                    + (t.prompt() == null ? "" : "  \"" + ChatCommand.clip(t.prompt(), 60) + "\"") + "  " + t.summary()
                    + (t.rewound() ? "  (rewound)" : ""));
        }
    }
}
