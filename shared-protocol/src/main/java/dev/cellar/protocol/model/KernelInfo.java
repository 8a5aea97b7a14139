package dev.cellar.protocol.model;

import java.util.List;

/**
 * The Python a notebook runs on, as clients show it: {@code implementation} ({@code CPython},
 * {@code GraalPy}, …), {@code version}, {@code executable} (null when embedded),
 * {@code description} (one line for people, e.g. {@code CPython 3.11.2 (/usr/bin/python3)}),
 * {@code sandbox} (what confines cell code: {@code graalpy}, or {@code off}),
 * {@code problem} (set when the notebook's setting names a Python that cannot be used),
 * {@code sql}: where SQL cells run, {@code duckdb} (embedded, kept to the notebook's folder) or
 * {@code unconfined (postgresql)} for any database server or driver the user added, {@code unconfined
 * (postgresql @warehouse)} for a named connection (it does what its own rights allow,
 * whatever {@code sandbox} says); where its cells may use several ({@code conns=}, a cell's
 * {@code conn=}), each of them, the notebook's own first, separated by {@code ", "}; and {@code pending}: what waits for a person's
 * {@code cellar confirm} (header settings held back, an unconfirmed interpreter), null when nothing does;
 * {@code env}: the variables the header's {@code env=} passes to a confined worker beyond its
 * allow list (empty: none; null from an older daemon); {@code net}: the TCP endpoints the header's
 * {@code net=} lets a confined kernel connect to, as written, a name followed by the addresses the
 * daemon resolved it to when the kernel started ({@code db.lan:5432 (10.0.0.3)}; empty: none).
 */
public record KernelInfo(String implementation, String version, String executable, String description, String sandbox,
                         String problem, String sql, String pending, java.util.List<String> env,
                         java.util.List<String> net) {
    public KernelInfo(String implementation, String version, String executable, String description, String sandbox,
                      String problem) {
        this(implementation, version, executable, description, sandbox, problem, null, null, null, null);
    }

    public KernelInfo(String implementation, String version, String executable, String description, String sandbox,
                      String problem, String sql, String pending, java.util.List<String> env) {
        this(implementation, version, executable, description, sandbox, problem, sql, pending, env, null);
    }

    /** Whether SQL cells may run outside Cellar's confinement (a database server, not the embedded DuckDB). */
    public boolean sqlUnconfined() {
        return sql != null && sql.contains("unconfined");
    }

    /**
     * {@code sandbox: …}, then the notebook's SQL connection and whether it is confined:
     * {@code sql: duckdb (confined)}, or {@code sql: unconfined (postgresql @warehouse)} where SQL
     * escapes the sandbox (a named connection by its name, never its URL or password), each
     * connection so where there are several ({@code sql: duckdb (confined), unconfined (postgresql @pg)}): how
     * clients show confinement (the TUI's status line, {@code show}, {@code daemon status}).
     */
    public String confinementLine() {
        List<String> each = sqlConnections();
        return "sandbox: " + sandbox + (each.isEmpty() ? "" : "  sql: " + String.join(", ", each));
    }

    /**
     * Each connection SQL cells may use and whether it is confined, the notebook's own first:
     * {@code duckdb (confined)}, {@code unconfined (postgresql @pg)}; empty when {@code sql} is unknown.
     */
    public List<String> sqlConnections() {
        return sql == null ? List.of() : java.util.Arrays.stream(sql.split(", "))
                .map(c -> c.startsWith("unconfined") ? c : c + " (confined)").toList();
    }
}
