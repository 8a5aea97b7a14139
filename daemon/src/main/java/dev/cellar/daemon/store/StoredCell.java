package dev.cellar.daemon.store;

import dev.cellar.daemon.model.FileBody;
import dev.cellar.protocol.model.CellKind;

/**
 * A cell as the file holds it: source only, no run state. {@code id} is null when the file
 * had none. {@code markerExtra} is the cell's marker line as the file had it without the
 * {@code id} and {@code out} keys (its title, cell type and other metadata, kept as they
 * were; see {@link MarkerLine}), or for a cell made in Cellar empty or just metadata such as
 * {@code tags=["parameters"]}. {@code file} is its body as read (null for a cell not read
 * from a file), so that saving gives back what it does not change.
 */
public record StoredCell(String id, CellKind kind, String code, String out, String markerExtra, FileBody file) {
    public StoredCell(String id, CellKind kind, String code, String out, String markerExtra) {
        this(id, kind, code, out, markerExtra, null);
    }
}
