package dev.cellar.daemon.notebook;

import java.time.Duration;

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
 */
public record Settings(boolean autorun, Duration cellTimeout, String sqlUrl, boolean duckdbFile, int previewRows,
                       long maxRows, String approval, String python, long memoryLimit) {
    public static final Settings DEFAULTS = new Settings(true, Duration.ZERO, null, false, 50, 10_000_000, null,
            "auto", 0);
}
