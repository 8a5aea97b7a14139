package dev.cellar.protocol.method;

/** Whether the daemon could open the named connection, and what it says: the database and version, or why not (never the password). */
public record ConnectionTestResult(boolean ok, String message) {
}
