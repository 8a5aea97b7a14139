package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cellar.daemon.store.AtomicFileWriter;
import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.model.ChatMessage;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A notebook's conversation with the assistant: its history, kept in
 * {@code .cellar/<notebook>.chat.json} beside the notebook so it outlives the daemon, the
 * turn that runs now (one at a time), and the tool calls waiting for a person's approval.
 * History is appended only by the running turn's thread.
 */
final class Conversation {
    private static final System.Logger LOG = System.getLogger("cellar.assistant");

    /** The notebook's file as it is now (it follows a save to another path). */
    private final java.util.function.Supplier<Path> notebookFile;
    private final List<ChatMessage> history = new CopyOnWriteArrayList<>();
    private final AtomicReference<AssistantTurn> active = new AtomicReference<>();
    /** Tool calls waiting for a person, in the order they asked. */
    private final Map<String, Waiting> approvals = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    /** A call waiting for approval; {@code requester}: the agent that made it (null: the assistant). */
    private record Waiting(PendingApprovals.Pending call, Requester requester, CompletableFuture<Boolean> answer) {
    }
    private final AtomicFileWriter writer = AtomicFileWriter.privateFiles();

    /** {@code .cellar/<notebook>.chat.json} beside the notebook as it is now. */
    private Path file() {
        Path nb = notebookFile.get();
        return nb.resolveSibling(".cellar").resolve(nb.getFileName() + ".chat.json");
    }

    Conversation(java.util.function.Supplier<Path> notebookFile) {
        this.notebookFile = notebookFile;
        Path file = file();
        if (Files.isRegularFile(file)) {
            try {
                history.addAll(Json.MAPPER.readValue(file.toFile(), new TypeReference<List<ChatMessage>>() { }));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read the conversation in " + file + "; starting afresh", e);
            }
        }
    }

    List<ChatMessage> history() {
        return List.copyOf(history);
    }

    void append(ChatMessage message) {
        history.add(message);
        try {
            Path file = file();
            Files.createDirectories(file.getParent());
            writer.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(history));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the conversation to " + file(), e);
        }
    }

    boolean start(AssistantTurn turn) {
        return active.compareAndSet(null, turn);
    }

    void finished(AssistantTurn turn) {
        active.compareAndSet(turn, null);
        List<Waiting> ofTurn;
        synchronized (approvals) {
            ofTurn = approvals.values().stream().filter(w -> w.call().turnId().equals(turn.id())).toList();
            ofTurn.forEach(w -> approvals.remove(w.call().callId()));
        }
        ofTurn.forEach(w -> w.answer().complete(false));
    }

    AssistantTurn active() {
        return active.get();
    }

    CompletableFuture<Boolean> awaitApproval(PendingApprovals.Pending call, Requester requester) {
        return approvals.computeIfAbsent(call.callId(), id -> new Waiting(call, requester, new CompletableFuture<>())).answer();
    }

    /** Gives up waiting (the call was cancelled) without an answer. */
    void withdraw(String callId) {
        approvals.remove(callId);
    }

    List<PendingApprovals.Pending> pending() {
        synchronized (approvals) {
            return approvals.values().stream().map(Waiting::call).toList();
        }
    }

    /**
     * A person's answer; false when no such call waits. An agent never answers: neither its
     * own calls (the daemon knows their connection) nor any other; nor does a client started in
     * the process tree of the agent's MCP server or host ({@link Requester#refusal}), for an
     * approval. ({@code approverPid}: the answering client's process, -1 unknown.)
     */
    boolean approve(String callId, boolean approved, String approverActor, String approverConnection, long approverPid) {
        Waiting w = approvals.get(callId);
        if (w == null) {
            return false;
        }
        if (approverActor.startsWith("agent:") || approverActor.equals("assistant")
                || (w.requester() != null && w.requester().connection().equals(approverConnection))) {
            throw new dev.cellar.protocol.rpc.RpcException(dev.cellar.protocol.rpc.ErrorCode.INVALID_PARAMS,
                    "only a person may approve a tool call, from a client of their own (the TUI, cellar chat or cellar "
                            + "approve); " + approverActor + " cannot approve " + callId);
        }
        String refusal = approved && w.requester() != null ? w.requester().refusal(approverConnection, approverPid) : null;
        if (refusal != null) {
            LOG.log(System.Logger.Level.WARNING, "refused an approval of " + callId + " by " + approverActor + ": " + refusal);
            throw new dev.cellar.protocol.rpc.RpcException(dev.cellar.protocol.rpc.ErrorCode.INVALID_PARAMS,
                    "only a person may approve a tool call of " + w.call().actor() + ": " + refusal
                            + ". Approve it from a terminal of your own (cellar approve, the TUI); declining is allowed");
        }
        approvals.remove(callId);
        return w.answer().complete(approved);
    }
}
