package dev.cellar.daemon.server;

import dev.cellar.daemon.event.Attendee;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.event.Subscriber;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.rpc.RpcMessages;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's connection: its name (for the actor of its edits), its subscriptions, and
 * the notebooks it is attached to (it leaves them when the connection goes, however it goes).
 *
 * <p>Events are written on the channel's own I/O thread. When the client stops reading
 * and the channel's outbound buffer passes its high-water mark, further events of that
 * notebook are dropped instead of buffered; once the client reads again it gets a
 * {@code resync} event (carrying the last seq it was sent) and fetches a snapshot. So a
 * slow client costs the daemon a bounded buffer and never slows the others.
 */
final class Connection {
    private final Channel channel;
    private final Map<NotebookSession, Subscriber> subscriptions = new ConcurrentHashMap<>();
    /** Per notebook, the last seq written; touched only on the channel's I/O thread. */
    private final Map<String, Long> lastSent = new HashMap<>();
    /** Notebooks whose events were dropped since the channel became unwritable (I/O thread only). */
    private final Map<String, Long> lagging = new HashMap<>();
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
    private final String clientId = "c" + IDS.incrementAndGet();
    private final java.util.Set<NotebookSession> attached = ConcurrentHashMap.newKeySet();
    /** Set on the I/O thread when the channel closed; requests are dispatched on that thread too. */
    private boolean closed;
    private volatile String clientName = "anonymous";
    /** The client's process, from the kernel (SO_PEERCRED) when it connected; -1 unknown. */
    private final long pid;

    Connection(Channel channel) {
        this.channel = channel;
        this.pid = PeerProcess.of(channel);
    }

    /** The client's process as the kernel recorded it when it connected (not what it says); -1 unknown. */
    long pid() {
        return pid;
    }

    void named(String name) {
        if (name != null && !name.isBlank()) {
            clientName = name.strip();
        }
    }

    /** A client named {@code agent:<name>} ({@code cellar mcp}) acts as that agent; every other one as a person. */
    Origin origin(String requestId) {
        return new Origin(actor(), requestId);
    }

    /** {@code user:<name>}, or the name itself for an agent ({@code agent:claude-code}) that says it is one. */
    private String actor() {
        return clientName.startsWith("agent:") ? clientName : "user:" + clientName;
    }

    /**
     * This client as it attaches to {@code session}; it leaves the session when the
     * connection closes. Called on the I/O thread, as {@link #closed} is, so a request read
     * before the close but dispatched after it cannot attach a client that is gone.
     */
    Attendee attendee(NotebookSession session) {
        if (closed) {
            throw new dev.cellar.protocol.rpc.RpcException(dev.cellar.protocol.rpc.ErrorCode.INVALID_REQUEST,
                    "the connection is closed");
        }
        attached.add(session);
        return new Attendee(clientId, actor());
    }

    /** This connection, for the daemon's bookkeeping (presence, an agent's turns, whose calls it may not approve). */
    String id() {
        return clientId;
    }

    Subscriber subscriberFor(NotebookSession session) {
        return subscriptions.computeIfAbsent(session, s -> event -> {
            try {
                channel.eventLoop().execute(() -> send(event));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the server is stopping: this client is going away anyway
            }
        });
    }

    private void send(Event event) {
        if (!channel.isActive()) {
            return;
        }
        String notebook = event.notebookId();
        if (lagging.containsKey(notebook) || !channel.isWritable()) {
            lagging.putIfAbsent(notebook, lastSent.getOrDefault(notebook, event.seq() - 1));
            return;
        }
        byte[] line = RpcWriter.encode(RpcMessages.notification(Methods.EVENT, event));
        if (line == null) { // too long for a frame: the client refetches what it missed, cell by cell if need be
            RpcWriter.write(channel, resync(notebook, lastSent.getOrDefault(notebook, event.seq() - 1)));
        } else {
            RpcWriter.send(channel, line);
        }
        lastSent.put(notebook, event.seq());
    }

    private static com.fasterxml.jackson.databind.JsonNode resync(String notebook, long seq) {
        return RpcMessages.notification(Methods.EVENT, new Event.Resync(new Event.Meta(notebook, seq, "daemon", null)));
    }

    /** On the I/O thread, when the client has drained its buffer: tell it what it missed. */
    void writable() {
        if (!channel.isWritable() || lagging.isEmpty()) {
            return;
        }
        lagging.forEach((notebook, seq) -> RpcWriter.write(channel, resync(notebook, seq)));
        lagging.clear();
    }

    void closed() {
        closed = true;
        attached.forEach(session -> session.leavePresence(clientId));
        attached.clear();
        subscriptions.forEach((session, subscriber) ->
                session.submit(Origin.KERNEL, new Command.Unsubscribe(subscriber)));
        subscriptions.clear();
    }
}
