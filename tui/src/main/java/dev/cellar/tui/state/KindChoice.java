package dev.cellar.tui.state;

import dev.cellar.protocol.model.CellKind;
import java.util.List;

/**
 * The kind menu of one cell ({@code t}): the kinds a cell can have, the one highlighted
 * and the kind the cell had when the menu opened. Choosing changes the kind once, with
 * Enter; nothing runs on the way.
 */
public record KindChoice(String cellId, CellKind from, int chosen) {
    public static final List<CellKind> KINDS = List.of(CellKind.PYTHON, CellKind.SQL, CellKind.MARKDOWN, CellKind.RAW);

    /** The menu opens on the kind after the cell's own, so {@code t} Enter is the old cycle's one step. */
    public static KindChoice of(String cellId, CellKind from) {
        return new KindChoice(cellId, from, (KINDS.indexOf(from) + 1) % KINDS.size());
    }

    public KindChoice move(int by) {
        return new KindChoice(cellId, from, Math.floorMod(chosen + by, KINDS.size()));
    }

    public CellKind kind() {
        return KINDS.get(chosen);
    }
}
