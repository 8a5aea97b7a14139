package dev.cellar.protocol.model;

import java.util.List;

/**
 * A cell as clients see it. {@code defs}/{@code refs} are the names the analysis found,
 * sorted; {@code outputs} are the last run's; {@code error} is set when the status is
 * {@code error} or {@code blocked}. {@code out} is an SQL cell's output variable; {@code conn} the
 * connection an SQL cell names on its marker line ({@code @NAME} or {@code duckdb}; null: the
 * notebook's), {@code cache} whether it reuses a repeated query's result ({@code cache="on"}).
 */
public record CellInfo(
        String id,
        CellKind kind,
        String code,
        long version,
        CellStatus status,
        List<String> defs,
        List<String> refs,
        List<Output> outputs,
        CellError error,
        String out,
        String lastActor,
        List<String> tags,
        String conn,
        boolean cache) {

    public CellInfo(String id, CellKind kind, String code, long version, CellStatus status, List<String> defs,
                    List<String> refs, List<Output> outputs, CellError error, String out, String lastActor, List<String> tags) {
        this(id, kind, code, version, status, defs, refs, outputs, error, out, lastActor, tags, null, false);
    }

    public CellInfo {
        tags = tags == null ? List.of() : List.copyOf(tags);
        defs = defs == null ? List.of() : List.copyOf(defs);
        refs = refs == null ? List.of() : List.copyOf(refs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
