package dev.cellar.tui.state;

/** What the keys do now. */
public enum Mode { NAVIGATE, EDIT, CHAT, HELP, CONFIRM_DELETE, PAGER }
