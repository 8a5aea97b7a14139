package dev.cellar.daemon.event;

/**
 * Someone who can be attached to a notebook: a connection ({@code clientId} unique in the
 * daemon, {@code name} the actor of its edits) or the daemon's own assistant.
 */
public record Attendee(String clientId, String name) {
    /** The in-daemon assistant: one turn per notebook at a time, so one presence per notebook. */
    public static final Attendee ASSISTANT = new Attendee("assistant", "assistant");
    /** The notebook's file, written by editors, git and coding agents: present once it has changed a cell. */
    public static final Attendee FILE = new Attendee("file", "file");
}
