package dev.cellar.daemon.event;

import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import java.util.function.Function;

/**
 * An event before the notebook's log numbers it: who caused it, the request it answers, and
 * how to make the event once its {@link Event.Meta} (notebook, seq) is known. Only the log
 * stamps events, so every subscriber sees one gap-free order.
 */
public record Draft(String actor, String requestId, Function<Event.Meta, Event> make) {
    /** A step of a turn ({@code kind} one of the chat types), answering the turn as its request. */
    public static Draft chat(String actor, String turnId, EventType kind, ChatEvent chat) {
        return new Draft(actor, turnId, m -> new Event.Chat(m, kind, chat));
    }

    Event stamp(String notebookId, long seq) {
        return make.apply(new Event.Meta(notebookId, seq, actor, requestId));
    }
}
