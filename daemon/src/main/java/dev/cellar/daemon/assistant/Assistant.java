package dev.cellar.daemon.assistant;

import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

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
    private final AtomicLong counter = new AtomicLong();

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

    /** Starts a turn; its progress arrives as events of the notebook. Returns the turn's id. */
    public String send(NotebookSession session, String text, String actor, boolean approveAll) {
        ChatModel model = model();
        if (model == null) {
            throw new RpcException(ErrorCode.ASSISTANT_NOT_CONFIGURED, AssistantConfig.HOW_TO_CONFIGURE);
        }
        if (text == null || text.isBlank()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "text is required: what should the assistant do?");
        }
        Conversation conversation = conversation(session);
        String turnId = "turn-" + counter.incrementAndGet();
        AssistantTurn turn = new AssistantTurn(turnId, text, actor, approveAll, session, conversation, model, config);
        if (!conversation.start(turn)) {
            throw new RpcException(ErrorCode.ASSISTANT_BUSY, "the assistant is already working in this notebook ("
                    + conversation.active().id() + "); wait for it or cancel it with chat.cancel");
        }
        session.announce(Event.of(EventType.CHAT_MESSAGE).actor(actor).requestId(turnId).chat(ChatEvent.text(turnId, text)));
        turns.execute(turn);
        return turnId;
    }

    public void cancel(NotebookSession session) {
        AssistantTurn turn = conversation(session).active();
        if (turn != null) {
            turn.cancel();
        }
    }

    /** A person's answer to a waiting tool call. The assistant has no tool that calls this. */
    public void approve(NotebookSession session, String callId, boolean approved) {
        if (!conversation(session).approve(callId, approved)) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "no tool call " + callId + " is waiting for approval");
        }
    }

    public ChatHistory history(NotebookSession session) {
        return new ChatHistory(conversation(session).history());
    }

    private Conversation conversation(NotebookSession session) {
        return conversations.computeIfAbsent(session, s -> new Conversation(s.path()));
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
