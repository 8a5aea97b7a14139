package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.event.Attendee;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.notebook.Notebooks;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.event.Draft;
import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.AgentCallParams;
import dev.cellar.protocol.method.AgentCallResult;
import dev.cellar.protocol.method.AgentTools;
import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * External agents ({@code cellar mcp}) through the same door as the assistant: their tool
 * calls run the assistant's own {@link NotebookTools} as commands on the notebook's loop
 * with actor {@code agent:<name>}, wait for a person's approval where the notebook's
 * policy asks for it, and are checkpointed in turns. An agent's turn is a run of calls
 * from one connection to one notebook with no pause longer than {@link #TURN_GAP}; it
 * also ends when the connection closes or the turn is rewound.
 */
public final class Agents implements AutoCloseable {
    public static final Duration TURN_GAP = Duration.ofMinutes(10);

    private final Notebooks notebooks;
    private final Assistant assistant;
    private final ApprovalPolicy fallback;
    private final Map<String, AgentTurn> turns = new ConcurrentHashMap<>();
    /** The notebooks each agent connection is present in, left when it closes. */
    private final Map<String, Set<NotebookSession>> present = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "agent-call");
        t.setDaemon(true);
        return t;
    });

    /** One agent's turn in one notebook; touched by that connection's calls. */
    private static final class AgentTurn {
        final String turnId;
        final Cancellation cancellation = new Cancellation();
        final Set<String> written = ConcurrentHashMap.newKeySet();
        volatile long lastCall = System.nanoTime();

        AgentTurn(String turnId) {
            this.turnId = turnId;
        }

        boolean stale() {
            return System.nanoTime() - lastCall > TURN_GAP.toNanos();
        }
    }

    public Agents(Notebooks notebooks, Assistant assistant, ApprovalPolicy fallback) {
        this.notebooks = notebooks;
        this.assistant = assistant;
        this.fallback = fallback;
    }

    /**
     * The tools of {@link Tool}: each notebook tool with the assistant's description and
     * properties plus {@code notebook}, and the agents' own tools.
     */
    public AgentTools tools() {
        List<AgentTools.Tool> tools = new ArrayList<>();
        for (Tool t : Tool.values()) {
            Map<String, Object> props = t.properties();
            if (t.inNotebook()) {
                props = new LinkedHashMap<>(props);
                props.put("notebook", Tool.Args.NOTEBOOK);
            }
            // the model's strict mode lists every property as required, nullable ones too; an agent may leave those out
            List<String> required = props.entrySet().stream().filter(e -> !e.getKey().equals("notebook") && !nullable(e.getValue()))
                    .map(Map.Entry::getKey).sorted().toList();
            tools.add(new AgentTools.Tool(t.wireName(), t.description(), schema(props, required), t.readOnly(),
                    t.destructive()));
        }
        return new AgentTools(tools);
    }

    private static boolean nullable(Object property) {
        return property instanceof Map<?, ?> m && m.get("type") instanceof List<?> types && types.contains("null");
    }

    private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
        return Map.of("type", "object", "properties", properties, "required", required);
    }

    /**
     * Carries out one call off the network thread; the answer is a tool result, never a protocol
     * error for a bad call. {@code pid}: the agent's process at the other end of {@code connection}
     * (-1 unknown), so that no process of its own can approve its calls.
     */
    public CompletableFuture<AgentCallResult> call(String actor, String connection, long pid, AgentCallParams p) {
        if (p.tool() == null) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "tool is required");
        }
        JsonNode args = p.arguments() == null || p.arguments().isNull() ? Json.MAPPER.createObjectNode() : p.arguments();
        if (!args.isObject()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "arguments must be a JSON object");
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return carryOut(actor, Requester.of(connection, pid), AgentRoots.of(p.roots()), p.tool(),
                        (ObjectNode) args.deepCopy());
            } catch (RpcException e) {
                return new AgentCallResult(NotebookTools.Result.error(e.getMessage()).json(), false, null);
            }
        }, workers);
    }

    private AgentCallResult carryOut(String actor, Requester requester, AgentRoots roots, String tool, ObjectNode args) {
        String connection = requester.connection();
        Tool known = Tool.named(tool).orElse(null);
        if (known == Tool.LIST_NOTEBOOKS) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            notebooks.all().stream().filter(s -> roots.contain(s.path())).forEach(s -> list.addObject()
                    .put("notebookId", s.id()).put("path", s.path().toString()).put("cells", s.current().cells().size()));
            return new AgentCallResult(Json.MAPPER.createObjectNode().set("notebooks", list).toString(), true, null);
        }
        if (known == Tool.OPEN_NOTEBOOK) {
            String path = text(args, "path");
            roots.check(path);
            NotebookSession s = NotebookTools.await(notebooks.open(path, false));
            NotebookSnapshot nb = NotebookTools.await(s.submit(new Origin(actor, null), new Command.Snapshot()));
            ObjectNode o = NotebookTools.brief(nb).put("notebookId", s.id()).put("path", s.path().toString());
            return new AgentCallResult(o.toString(), true, null);
        }
        NotebookSession session = notebook(args.remove("notebook"), roots);
        if (known == Tool.REWIND_TURN) {
            return rewind(actor, connection, session, args);
        }
        if (known == null || !known.inNotebook()) {
            return new AgentCallResult(NotebookTools.Result.error("no tool " + tool).json(), false, null);
        }
        boolean readOnly = known.readOnly();
        AgentTurn turn = readOnly ? turns.get(key(connection, session)) : turnFor(actor, connection, session);
        String turnId = turn == null ? null : turn.turnId;
        Origin origin = new Origin(actor, null, turnId);
        String arguments = args.toString();
        ToolPresence.touch(session, new Attendee(connection, actor), tool, arguments);
        present.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet()).add(session);
        String callId = "agent-call-" + calls.incrementAndGet();
        if (!readOnly) {
            publish(session, actor, turnId, EventType.CHAT_TOOL_CALL, ChatEvent.call(turnId, callId, tool, arguments));
            String why = ToolGate.why(session, fallback, tool, arguments, turn.written);
            if (why != null && !approved(session, actor, requester, turn, callId, tool, arguments, why)) {
                NotebookTools.Result refused = NotebookTools.Result.error(turn.cancellation.isCancelled()
                        ? "the call was cancelled while it waited for approval"
                        : "refused: a person declined this call (" + why + "); do not repeat it, ask them instead");
                publish(session, actor, turnId, EventType.CHAT_TOOL_RESULT,
                        ChatEvent.result(turnId, callId, tool, refused.json(), false));
                return new AgentCallResult(refused.json(), false, turnId);
            }
        }
        NotebookTools.Result r = NotebookTools.call(session, origin, tool, arguments,
                turn == null ? new Cancellation() : turn.cancellation, ToolGate.autorun(session, fallback));
        if (turn != null) {
            turn.lastCall = System.nanoTime();
            NotebookTools.writtenBy(tool, r).ifPresent(turn.written::add);
        }
        if (!readOnly) {
            publish(session, actor, turnId, EventType.CHAT_TOOL_RESULT, ChatEvent.result(turnId, callId, tool, r.json(), r.ok()));
        }
        return new AgentCallResult(r.json(), r.ok(), turnId);
    }

    private boolean approved(NotebookSession session, String actor, Requester requester, AgentTurn turn, String callId,
                             String tool, String arguments, String why) {
        Conversation conversation = assistant.conversation(session);
        CompletableFuture<Boolean> answer = conversation.awaitApproval(
                new PendingApprovals.Pending(callId, turn.turnId, actor, tool, arguments, why), requester);
        publish(session, actor, turn.turnId, EventType.CHAT_APPROVAL,
                new ChatEvent(turn.turnId, why, callId, tool, arguments, null, null, "approval"));
        Runnable unregister = turn.cancellation.onCancel(() -> answer.complete(false));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        } finally {
            unregister.run();
            conversation.withdraw(callId);
        }
    }

    private AgentCallResult rewind(String actor, String connection, NotebookSession session, ObjectNode args) {
        String turnId = args.hasNonNull("turnId") ? args.get("turnId").asText() : null;
        List<TurnInfo> all = NotebookTools.await(session.submit(new Origin(actor, null), new Command.Turns()));
        TurnInfo target = null;
        for (TurnInfo t : all) {
            if (actor.equals(t.actor()) && (turnId == null || t.turnId().equals(turnId))) {
                target = t;
            }
        }
        if (target == null) {
            return new AgentCallResult(NotebookTools.Result.error(turnId == null ? "you have no turn in this notebook"
                    : "no turn " + turnId + " of yours in this notebook (you can rewind only your own turns)").json(), false, null);
        }
        List<String> force = new ArrayList<>();
        args.path("force").forEach(n -> force.add(n.asText()));
        AgentTurn current = turns.get(key(connection, session));
        if (current != null && current.turnId.equals(target.turnId())) {
            turns.remove(key(connection, session)); // calls after the rewind start a new turn
        }
        try {
            RewindResult r = NotebookTools.await(session.submit(new Origin(actor, null),
                    new Command.Rewind(target.turnId(), force, false, ToolGate.autorun(session, fallback))));
            return new AgentCallResult(Json.tree(r).toString(), true, target.turnId());
        } catch (RpcException e) {
            if (e.errorCode() == ErrorCode.CONFLICT) {
                ObjectNode o = Json.MAPPER.createObjectNode().put("error", e.getMessage());
                o.set("conflicts", e.data().path("conflicts"));
                return new AgentCallResult(o.toString(), false, target.turnId());
            }
            throw e;
        }
    }

    private AgentTurn turnFor(String actor, String connection, NotebookSession session) {
        String key = key(connection, session);
        AgentTurn turn = turns.get(key);
        if (turn == null || turn.stale()) {
            String turnId = NotebookTools.await(session.submit(new Origin(actor, null),
                    new Command.BeginTurn(actor, "tool calls of " + actor)));
            turn = new AgentTurn(turnId);
            turns.put(key, turn);
        }
        return turn;
    }

    /** The connection closed: its turns end, and calls of them waiting for approval give up. */
    public void disconnected(String connection) {
        Set<NotebookSession> were = present.remove(connection);
        if (were != null) {
            were.forEach(session -> session.leavePresence(connection));
        }
        turns.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(connection + "|")) {
                e.getValue().cancellation.cancel();
                return true;
            }
            return false;
        });
    }

    private NotebookSession notebook(JsonNode ref, AgentRoots roots) {
        if (ref == null || ref.isNull() || ref.asText().isBlank()) {
            List<NotebookSession> open = notebooks.all().stream().filter(s -> roots.contain(s.path())).toList();
            if (open.size() == 1) {
                return open.getFirst();
            }
            throw new RpcException(ErrorCode.INVALID_PARAMS, "say which notebook: pass notebook (a path or an id; "
                    + "list_notebooks shows the open ones)");
        }
        String s = ref.asText();
        for (NotebookSession open : notebooks.all()) {
            if (open.id().equals(s)) {
                if (!roots.contain(open.path())) {
                    roots.check(open.path().toString()); // says why
                }
                return open;
            }
        }
        roots.check(s);
        return NotebookTools.await(notebooks.open(s, false));
    }

    private static String key(String connection, NotebookSession session) {
        return connection + "|" + session.id();
    }

    private static void publish(NotebookSession session, String actor, String turnId, EventType type, ChatEvent chat) {
        session.announce(Draft.chat(actor, turnId, type, chat));
    }

    private static String text(JsonNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || !v.isTextual()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, field + " must be a string");
        }
        return v.asText();
    }

    @Override
    public void close() {
        turns.values().forEach(t -> t.cancellation.cancel());
        workers.shutdownNow();
    }
}
