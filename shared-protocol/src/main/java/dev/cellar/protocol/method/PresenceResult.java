package dev.cellar.protocol.method;

import dev.cellar.protocol.model.PresenceInfo;
import java.util.List;

/** The answer to {@code presence.update}: the caller's own client id, and everyone attached now. */
public record PresenceResult(String clientId, List<PresenceInfo> presence) {
    public PresenceResult {
        presence = List.copyOf(presence);
    }
}
