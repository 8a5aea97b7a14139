package dev.cellar.daemon.model;

import java.time.Duration;
import java.util.List;

/**
 * A notebook's settings, kept in its file's header, e.g.
 * {@code # cellar: autorun=false cell-timeout=30 sql=jdbc:postgresql://localhost/db preview-rows=20}.
 * {@code cellTimeout} of zero means no limit; {@code sqlUrl} null means the default database
 * (the daemon's {@code CELLAR_SQL_URL}, else DuckDB: in memory, or {@code duckdb=file} for a
 * file beside the notebook). {@code approval} ({@code auto}, {@code ask-destructive},
 * {@code ask-all}) overrides the daemon's approval policy for the assistant; null: the daemon's.
 * {@code python} chooses the interpreter: {@code auto} (the user's CPython when one is found,
 * else embedded GraalPy), {@code graalpy}, or a path to a Python executable.
 * {@code memoryLimit} bounds the kernel's memory in bytes (zero: no limit), from {@code memory=4G}.
 * {@code outputLimit} bounds the text one cell's outputs keep, in characters ({@code output-limit=2M}):
 * beyond it the middle is dropped, so one chatty cell cannot exhaust the daemon's memory or make
 * the notebook too large to send; it is clamped to {@link #MAX_OUTPUT_LIMIT} for the same reason.
 * {@code sandbox} ({@code sandbox=on}) confines a worker on the user's Python with the operating
 * system (embedded GraalPy is confined whatever it says). {@code env} ({@code env=GITHUB_TOKEN,HF_HOME})
 * names variables of the daemon's a confined worker gets beyond its allow list (WorkerEnvironment).
 * {@code net} ({@code net=127.0.0.1:8786,db.lan:5432}) names the TCP endpoints a confined worker may
 * connect to, as written ({@code trust.NetEndpoint}); empty: none.
 * {@code sqlAutorun} ({@code sql-autorun=on|off}) says whether SQL cells run by themselves after an
 * edit upstream; null: by the connection (embedded databases do, servers and warehouses do not,
 * so a billed query never re-runs by surprise: {@code SqlDatabase.autorunsByDefault}).
 * {@code conns} ({@code conns=@warehouse,@pg}) are the named connections an SQL cell may name in its
 * own marker line ({@code conn="@warehouse"}, {@link SqlCellOptions}); a cell header is something an
 * agent can write, so the notebook's header, which a person confirms, says which ones.
 */
public record Settings(boolean autorun, Duration cellTimeout, String sqlUrl, boolean duckdbFile, int previewRows,
                       long maxRows, String approval, String python, long memoryLimit, long outputLimit,
                       boolean sandbox, List<String> env, Boolean sqlAutorun, List<String> net,
                       List<String> conns) {
    public static final long DEFAULT_OUTPUT_LIMIT = 1L << 20;
    /** Well under the 16 MiB frame, so one cell with its code always fits in a message. */
    public static final long MAX_OUTPUT_LIMIT = 8L << 20;
    public static final Settings DEFAULTS = new Settings(true, Duration.ZERO, null, false, 50, 10_000_000, null,
            "auto", 0, DEFAULT_OUTPUT_LIMIT, false, List.of(), null, List.of(), List.of());

    public Settings {
        outputLimit = Math.clamp(outputLimit, 1024, MAX_OUTPUT_LIMIT);
        env = List.copyOf(env);
        net = List.copyOf(net);
        conns = List.copyOf(conns);
    }
}
