package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The run state of a cell (docs/ARCHITECTURE.md §5). */
public enum CellStatus {
    /** Never ran with its current code and nothing asked for it. */
    IDLE,
    QUEUED,
    RUNNING,
    OK,
    ERROR,
    /** Its code or an upstream cell changed since it last ran. */
    STALE,
    /** An upstream cell failed or cannot run. */
    BLOCKED,
    INTERRUPTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CellStatus parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Queued or running: a run still owes this cell a result. */
    public boolean isPending() {
        return this == QUEUED || this == RUNNING;
    }
}
