package dev.cellar.daemon.execution;

import dev.cellar.protocol.model.CellKind;

/**
 * What a kernel needs to run one cell: its identity (for tracebacks), kind, code and SQL result
 * variable; for an SQL cell the connection its marker line names ({@code conn}: {@code @NAME},
 * {@code duckdb}, null for the notebook's) and whether it asked to reuse a repeated query's result
 * ({@code cache}).
 */
public record CellRun(String cellId, long version, CellKind kind, String code, String out, String conn, boolean cache) {
    public CellRun(String cellId, long version, CellKind kind, String code, String out) {
        this(cellId, version, kind, code, out, null, false);
    }
}
