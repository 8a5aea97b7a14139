package dev.cellar.daemon.server;

import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.notebook.Origin;
import dev.cellar.daemon.notebook.Subscriber;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.rpc.RpcMessages;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One client's connection: its name (for the actor of its edits) and its subscriptions. */
final class Connection {
    private final Channel channel;
    private final Map<NotebookSession, Subscriber> subscriptions = new ConcurrentHashMap<>();
    private volatile String clientName = "anonymous";

    Connection(Channel channel) {
        this.channel = channel;
    }

    void named(String name) {
        if (name != null && !name.isBlank()) {
            clientName = name.strip();
        }
    }

    Origin origin(String requestId) {
        return new Origin("user:" + clientName, requestId);
    }

    Subscriber subscriberFor(NotebookSession session) {
        return subscriptions.computeIfAbsent(session, s -> this::send);
    }

    private void send(Event event) {
        if (channel.isActive()) {
            RpcWriter.write(channel, RpcMessages.notification(Methods.EVENT, event));
        }
    }

    void closed() {
        subscriptions.forEach((session, subscriber) ->
                session.submit(Origin.KERNEL, new Command.Unsubscribe(subscriber)));
        subscriptions.clear();
    }
}
