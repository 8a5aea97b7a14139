package dev.cellar.protocol.method;

import dev.cellar.protocol.model.CellInfo;

public record CellResult(CellInfo cell, long revision) {
}
