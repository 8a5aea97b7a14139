package dev.cellar.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a cell holds. A raw cell ({@code # %% [raw]}, as Jupyter and Jupytext have it) is text
 * kept as it is: never run, never analysed.
 */
public enum CellKind {
    PYTHON, SQL, MARKDOWN, RAW;

    /** Whether cells of this kind run: Python and SQL do, markdown and raw cells are text. */
    public boolean runs() {
        return this == PYTHON || this == SQL;
    }

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
        throw new IllegalArgumentException("unknown cell kind '" + name + "' (expected python, sql, markdown or raw)");
    }
}
