package dev.cellar.protocol.model;

/**
 * One client attached to a notebook. {@code clientId} is unique in the daemon (one per
 * connection; {@code assistant} for the daemon's own assistant); {@code name} is the actor
 * its edits carry ({@code user:tui}, {@code user:cli}, {@code agent:claude-code},
 * {@code assistant}); {@code since} is when it attached (epoch millis); {@code cellId} is
 * the cell its {@code activity} is about, or null.
 */
public record PresenceInfo(String clientId, String name, long since, String cellId, PresenceActivity activity) {
}
