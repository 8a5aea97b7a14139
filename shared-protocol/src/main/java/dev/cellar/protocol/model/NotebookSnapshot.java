package dev.cellar.protocol.model;

import java.util.List;

/**
 * A whole notebook at one moment: {@code revision} counts its mutations, {@code seq} is
 * the last event it reflects, so a client can subscribe from exactly there. {@code kernel}
 * is the Python its cells run on. {@code problems} are what the daemon found wrong in the
 * file and worked around (a duplicate cell id, an invalid header setting), one sentence
 * each, to be shown to the user. {@code presence} is who is attached to it at that seq.
 */
public record NotebookSnapshot(String notebookId, String path, long revision, long seq, List<CellInfo> cells,
                               KernelInfo kernel, List<String> problems, List<PresenceInfo> presence) {
    public NotebookSnapshot {
        cells = List.copyOf(cells);
        problems = problems == null ? List.of() : List.copyOf(problems);
        presence = presence == null ? List.of() : List.copyOf(presence);
    }

    public NotebookSnapshot(String notebookId, String path, long revision, long seq, List<CellInfo> cells,
                            KernelInfo kernel, List<String> problems) {
        this(notebookId, path, revision, seq, cells, kernel, problems, List.of());
    }

    public NotebookSnapshot(String notebookId, String path, long revision, long seq, List<CellInfo> cells) {
        this(notebookId, path, revision, seq, cells, null, List.of());
    }

    public CellInfo cell(String cellId) {
        return cells.stream().filter(c -> c.id().equals(cellId)).findFirst().orElse(null);
    }
}
