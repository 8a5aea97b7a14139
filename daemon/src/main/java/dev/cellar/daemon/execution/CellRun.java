package dev.cellar.daemon.execution;

import dev.cellar.protocol.model.CellKind;

/** What a kernel needs to run one cell: its identity (for tracebacks), kind, code and SQL result variable. */
public record CellRun(String cellId, long version, CellKind kind, String code, String out) {
}
