package dev.cellar.daemon.event;

import dev.cellar.protocol.event.Event;

/** Receives a notebook's events in seq order. {@link #deliver} is called on the command loop and must not block. */
public interface Subscriber {
    void deliver(Event event);
}
