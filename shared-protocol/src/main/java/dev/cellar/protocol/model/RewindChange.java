package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One cell a rewind changes, with enough to preview it: the cell's code now ({@code codeNow},
 * null when the rewind restores a deleted cell) and after the rewind ({@code codeAfter},
 * null when the rewind deletes it); for a move, the cell's index now and after.
 */
public record RewindChange(String cellId, Kind change, String codeNow, String codeAfter, Integer indexNow,
                           Integer indexAfter) {
    /** What happens to the cell. */
    public enum Kind {
        /** The turn created it: it goes. */
        DELETE,
        /** The turn deleted it: it comes back with its id, where it was. */
        RESTORE,
        /** The turn changed it: it gets its code from before the turn. */
        REVERT,
        /** The turn moved it: it goes back to where it was. */
        MOVE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.wireName().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown rewind change '" + name + "'");
        }
    }
}
