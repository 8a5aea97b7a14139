package dev.cellar.daemon.assistant;

import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.event.Draft;
import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.model.TurnInfo;

/** The daemon's assistant: one conversation per notebook, turns on their own threads. */
public final class Assistant implements AutoCloseable {
    private final AssistantConfig config;
    /** Made at the first turn: the OpenAI client's classes cost every daemon start otherwise. */
    private final java.util.function.Supplier<ChatModel> models;
    private ChatModel model;
    private final Map<NotebookSession, Conversation> conversations = new ConcurrentHashMap<>();
    private final ExecutorService turns = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "assistant-turn");
        t.setDaemon(true);
        return t;
    });
    private final boolean ready;

    public Assistant(AssistantConfig config) {
        this(config, config.configured() ? () -> new OpenAiChatModel(config) : () -> null, config.configured());
    }

    Assistant(AssistantConfig config, ChatModel model) {
        this(config, () -> model, model != null);
    }

    private Assistant(AssistantConfig config, java.util.function.Supplier<ChatModel> models, boolean ready) {
        this.config = config;
        this.models = models;
        this.ready = ready;
    }

    /** Null when turns can start, else how to configure a model (without making the client: that is the cold path). */
    public String setupHint() {
        return ready ? null : AssistantConfig.HOW_TO_CONFIGURE;
    }

    private synchronized ChatModel model() {
        if (model == null) {
            model = models.get();
        }
        return model;
    }

    /**
     * Starts a turn; its progress arrives as events of the notebook. Completes with the
     * turn's id once the notebook has its checkpoint (numbered there, so ids stay unique
     * across daemon restarts).
     */
    public CompletableFuture<String> send(NotebookSession session, String text, String actor, boolean approveAll) {
        ChatModel model = model();
        if (model == null) {
            throw new RpcException(ErrorCode.ASSISTANT_NOT_CONFIGURED, AssistantConfig.HOW_TO_CONFIGURE);
        }
        if (text == null || text.isBlank()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "text is required: what should the assistant do?");
        }
        Conversation conversation = conversation(session);
        AssistantTurn placeholder = conversation.active();
        if (placeholder != null) {
            throw busy(placeholder);
        }
        return session.submit(new Origin(actor, null), new Command.BeginTurn("assistant", text)).thenApply(id -> {
            String turnId = (String) id;
            AssistantTurn turn = new AssistantTurn(turnId, text, actor, approveAll, session, conversation, model, config);
            if (!conversation.start(turn)) {
                throw busy(conversation.active());
            }
            session.announce(Draft.chat(actor, turnId, EventType.CHAT_MESSAGE, ChatEvent.text(turnId, text)));
            turns.execute(turn);
            return turnId;
        });
    }

    private static RpcException busy(AssistantTurn active) {
        return new RpcException(ErrorCode.ASSISTANT_BUSY, "the assistant is already working in this notebook ("
                + (active == null ? "a turn" : active.id()) + "); wait for it or cancel it with chat.cancel");
    }

    /**
     * Undoes a turn (the last one when {@code turnId} is null) as one edit of the notebook.
     * A turn of the assistant that is still running is cancelled first, and waited for, so
     * it cannot edit after its rewind.
     */
    public CompletableFuture<RewindResult> rewind(NotebookSession session, Origin origin, String turnId, List<String> force,
                                            boolean dryRun) {
        AssistantTurn running = conversation(session).active();
        CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);
        if (running != null && !dryRun && (turnId == null || turnId.equals(running.id()))) {
            running.cancel();
            stopped = running.finished();
        }
        return stopped.thenCompose(v -> session.submit(origin, new Command.Rewind(turnId, force, dryRun)));
    }

    public void cancel(NotebookSession session) {
        AssistantTurn turn = conversation(session).active();
        if (turn != null) {
            turn.cancel();
        }
    }

    /**
     * A person's answer to a waiting tool call. The assistant has no tool that calls this;
     * an agent's connection is refused ({@code connection}: the approving client's; {@code pid}: its
     * process, from the socket's peer credentials, -1 unknown).
     */
    public void approve(NotebookSession session, String callId, boolean approved, String actor, String connection,
                        long pid) {
        if (!conversation(session).approve(callId, approved, actor, connection, pid)) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "no tool call " + callId + " is waiting for approval");
        }
    }

    public PendingApprovals pending(NotebookSession session) {
        return new PendingApprovals(conversation(session).pending());
    }

    public CompletableFuture<ChatHistory> history(NotebookSession session, Origin origin) {
        return session.submit(origin, new Command.Turns())
                .thenApply(turns -> new ChatHistory(conversation(session).history(), turns));
    }

    Conversation conversation(NotebookSession session) {
        return conversations.computeIfAbsent(session, s -> new Conversation(s::path));
    }

    @Override
    public void close() {
        conversations.values().forEach(c -> {
            AssistantTurn t = c.active();
            if (t != null) {
                t.cancel();
            }
        });
        turns.shutdownNow();
    }
}
