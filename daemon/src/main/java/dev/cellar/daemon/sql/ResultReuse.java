package dev.cellar.daemon.sql;

import dev.cellar.protocol.model.Output;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last result of each SQL cell that asked for reuse ({@code cache="on"} on its marker line),
 * with what made it: the connection, the cell's text and its parameters' values as they were
 * bound. A run whose three are the same gets that result back without a query; any other run of
 * the cell, an edit, or a new kernel forgets it. Shared by a kernel's connections, so a cell moved
 * to another connection never finds the first one's result. Kernel thread.
 */
public final class ResultReuse {
    /** What a result was made from: equal keys ask the same of the same database. */
    record Key(String connection, String code, Map<String, Object> parameters) {
    }

    /** A kept result: the preview shown (with its spool's handle), the rows {@code out=} binds (or null), when it was made. */
    record Kept(Key key, Output preview, ResultTable table, Instant madeAt) {
    }

    private final Map<String, Kept> byCell = new ConcurrentHashMap<>();

    /** The cell's kept result if it was made from {@code key}, else null. */
    Kept find(String cellId, Key key) {
        Kept kept = byCell.get(cellId);
        return kept != null && kept.key().equals(key) ? kept : null;
    }

    void keep(String cellId, Kept kept) {
        byCell.put(cellId, kept);
    }

    /** The cells ran again, changed or are gone: their results are not theirs to reuse any more. */
    public void forget(Collection<String> cellIds) {
        cellIds.forEach(byCell::remove);
    }
}
