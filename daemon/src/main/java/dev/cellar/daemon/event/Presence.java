package dev.cellar.daemon.event;

import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is attached to one notebook and what each is doing, in the order they came. Changed
 * only on the notebook's command loop; {@link #list} is an immutable copy that listings
 * ({@code daemon.info}) may read from any thread. Every method answers whether anything
 * changed, so the session publishes a {@code presence} event only for a real change.
 */
public final class Presence {
    private final Map<String, PresenceInfo> byClient = new LinkedHashMap<>();
    private volatile List<PresenceInfo> list = List.of();

    /** Attaches {@code who} (viewing, no cell) unless it already is. */
    public boolean join(Attendee who) {
        if (byClient.containsKey(who.clientId())) {
            return false;
        }
        return put(new PresenceInfo(who.clientId(), who.name(), System.currentTimeMillis(), null, PresenceActivity.VIEWING));
    }

    /** What {@code who} does now; attaches it first when it is not yet. */
    public boolean update(Attendee who, String cellId, PresenceActivity activity) {
        PresenceInfo was = byClient.get(who.clientId());
        if (was != null && java.util.Objects.equals(was.cellId(), cellId) && was.activity() == activity) {
            return false;
        }
        long since = was == null ? System.currentTimeMillis() : was.since();
        return put(new PresenceInfo(who.clientId(), who.name(), since, cellId, activity));
    }

    /** Detaches a client; the entry it had, or null when it was not attached. */
    public PresenceInfo leave(String clientId) {
        PresenceInfo gone = byClient.remove(clientId);
        if (gone != null) {
            list = List.copyOf(byClient.values());
        }
        return gone;
    }

    /**
     * Those whose cell was deleted are back to viewing the notebook; the name of the first
     * of them (the actor of the change), or null when nobody was on a deleted cell.
     */
    public String forgetDeleted(java.util.function.Predicate<String> exists) {
        String first = null;
        for (PresenceInfo p : List.copyOf(byClient.values())) {
            if (p.cellId() != null && !exists.test(p.cellId())) {
                byClient.put(p.clientId(), new PresenceInfo(p.clientId(), p.name(), p.since(), null, PresenceActivity.VIEWING));
                first = first == null ? p.name() : first;
            }
        }
        if (first != null) {
            list = List.copyOf(byClient.values());
        }
        return first;
    }

    public List<PresenceInfo> list() {
        return list;
    }

    private boolean put(PresenceInfo info) {
        byClient.put(info.clientId(), info);
        list = List.copyOf(byClient.values());
        return true;
    }
}
