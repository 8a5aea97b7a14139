package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a cell holds. */
public enum CellKind {
    PYTHON, SQL, MARKDOWN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CellKind parse(String name) {
        for (CellKind k : values()) {
            if (k.wireName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown cell kind '" + name + "' (expected python, sql or markdown)");
    }
}
