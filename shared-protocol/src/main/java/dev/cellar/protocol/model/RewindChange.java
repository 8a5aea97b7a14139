package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One cell a rewind changes, with enough to preview it: the cell's code now ({@code codeNow},
 * null when the rewind restores a deleted cell) and after the rewind ({@code codeAfter},
 * null when the rewind deletes it); for a move, the cell's index now and after.
 */
public record RewindChange(String cellId, Kind change, String codeNow, String codeAfter, Integer indexNow,
                           Integer indexAfter) {
    /** What happens to the cell (on the wire: delete, restore, revert, move). */
    public enum Kind {
        /** The turn created it: it goes. */
        @JsonProperty("delete") DELETE,
        /** The turn deleted it: it comes back with its id, where it was. */
        @JsonProperty("restore") RESTORE,
        /** The turn changed it: it gets its code from before the turn. */
        @JsonProperty("revert") REVERT,
        /** The turn moved it: it goes back to where it was. */
        @JsonProperty("move") MOVE
    }
}
