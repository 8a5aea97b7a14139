package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What someone attached to a notebook is doing there (with the cell, when there is one). */
public enum PresenceActivity {
    /** Has the notebook open; no particular cell. */
    VIEWING,
    /** Is changing the cell's code (an open editor, an agent's update). */
    EDITING,
    /** Is running the cell (and what depends on it). */
    RUNNING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PresenceActivity parse(String name) {
        for (PresenceActivity a : values()) {
            if (a.wireName().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activity '" + name + "' (expected viewing, editing or running)");
    }
}
