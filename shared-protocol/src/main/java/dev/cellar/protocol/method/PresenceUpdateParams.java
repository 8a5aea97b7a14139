package dev.cellar.protocol.method;

import dev.cellar.protocol.model.PresenceActivity;

/** {@code presence.update}: what the calling client is doing in the notebook now; {@code cellId} null for no cell. */
public record PresenceUpdateParams(String notebookId, String cellId, PresenceActivity activity) {
}
