package dev.cellar.daemon.store;

import dev.cellar.protocol.model.CellKind;

/** A cell as the file holds it: source only, no run state. {@code id} is null when the file had none. */
public record StoredCell(String id, CellKind kind, String code, String out, String markerExtra) {
}
