package dev.cellar.tui.state;

/**
 * What the keys do now. {@code TURNS}: choosing a turn of the assistant or an agent in the
 * chat pane; {@code REWIND}: the preview of undoing it, waiting for y, f or n.
 */
public enum Mode { NAVIGATE, EDIT, CHAT, HELP, CONFIRM_DELETE, PAGER, TURNS, REWIND, CONFIRM_TRUST }
