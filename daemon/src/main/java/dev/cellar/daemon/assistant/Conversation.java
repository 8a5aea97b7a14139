package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cellar.daemon.store.AtomicFileWriter;
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

    private final Path file;
    private final List<ChatMessage> history = new CopyOnWriteArrayList<>();
    private final AtomicReference<AssistantTurn> active = new AtomicReference<>();
    private final Map<String, CompletableFuture<Boolean>> approvals = new ConcurrentHashMap<>();
    private final AtomicFileWriter writer = AtomicFileWriter.privateFiles();

    Conversation(Path notebookFile) {
        this.file = notebookFile.resolveSibling(".cellar").resolve(notebookFile.getFileName() + ".chat.json");
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
            Files.createDirectories(file.getParent());
            writer.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(history));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the conversation to " + file, e);
        }
    }

    boolean start(AssistantTurn turn) {
        return active.compareAndSet(null, turn);
    }

    void finished(AssistantTurn turn) {
        active.compareAndSet(turn, null);
        approvals.values().forEach(f -> f.complete(false));
        approvals.clear();
    }

    AssistantTurn active() {
        return active.get();
    }

    CompletableFuture<Boolean> awaitApproval(String callId) {
        return approvals.computeIfAbsent(callId, id -> new CompletableFuture<>());
    }

    /** A person's answer; false when no such call waits. */
    boolean approve(String callId, boolean approved) {
        CompletableFuture<Boolean> f = approvals.remove(callId);
        return f != null && f.complete(approved);
    }
}
