package dev.cellar.tui.state;

import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import java.util.List;

/**
 * Who is attached to the notebook, as the daemon last said, and which of them is this UI:
 * by its client id once {@code presence.update} told it, by its name ({@code user:tui})
 * until then.
 */
public record Presence(String myName, String myClientId, List<PresenceInfo> all) {
    public static final Presence NONE = new Presence(null, null, List.of());

    public Presence {
        all = List.copyOf(all);
    }

    public static Presence of(String myName) {
        return new Presence(myName, null, List.of());
    }

    Presence with(List<PresenceInfo> now) {
        return new Presence(myName, myClientId, now == null ? List.of() : now);
    }

    public Presence withClientId(String clientId) {
        return new Presence(myName, clientId, all);
    }

    /** Everyone here but this UI, in the order they came. */
    public List<PresenceInfo> others() {
        return all.stream().filter(p -> myClientId != null ? !myClientId.equals(p.clientId())
                : !p.name().equals(myName)).toList();
    }

    /** The names of the others editing this cell. */
    public List<String> editing(String cellId) {
        return others().stream().filter(p -> p.activity() == PresenceActivity.EDITING && cellId.equals(p.cellId()))
                .map(PresenceInfo::name).distinct().toList();
    }
}
