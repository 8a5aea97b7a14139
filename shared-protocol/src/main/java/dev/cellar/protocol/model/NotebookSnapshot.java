package dev.cellar.protocol.model;

import java.util.List;

/**
 * A whole notebook at one moment: {@code revision} counts its mutations, {@code seq} is
 * the last event it reflects, so a client can subscribe from exactly there. {@code kernel}
 * is the Python its cells run on.
 */
public record NotebookSnapshot(String notebookId, String path, long revision, long seq, List<CellInfo> cells,
                               KernelInfo kernel) {
    public NotebookSnapshot {
        cells = List.copyOf(cells);
    }

    public CellInfo cell(String cellId) {
        return cells.stream().filter(c -> c.id().equals(cellId)).findFirst().orElse(null);
    }
}
