package dev.cellar.daemon.sql;

import java.util.List;

/**
 * Statements the embedded DuckDB must not run. DuckDB writes a file log from its own
 * buffers: with the notebook confined to its folder, a log path outside it makes every
 * later statement fail, and the flush when the connection closes throws from a destructor,
 * which aborts the whole daemon process ({@code terminate called after throwing
 * duckdb::PermissionException}). Such statements are refused before any statement of the
 * cell runs. (Since the notebook's DuckDB settings are locked after set-up, DuckDB itself refuses
 * {@code CALL enable_logging()} too; this guard keeps its clearer message for the dangerous case.)
 */
final class DuckDbGuard {
    private DuckDbGuard() {
    }

    /** Why this cell cannot run on DuckDB, or null when it can. */
    static String refusal(String sql) {
        List<SqlText.Token> tokens = SqlText.tokens(sql);
        boolean enablesLogging = false;
        boolean namesStorage = false;
        for (SqlText.Token t : tokens) {
            if (!t.isName()) {
                continue;
            }
            switch (t.name()) {
                case "enable_logging" -> enablesLogging = true;
                case "storage", "storage_path" -> namesStorage = true;
                case "logging_storage" -> {
                    return refusedLogStorage();
                }
                default -> { }
            }
        }
        return enablesLogging && namesStorage ? refusedLogStorage() : null;
    }

    private static String refusedLogStorage() {
        return "DuckDB's log storage cannot be changed in a notebook (a log file would escape the notebook's folder"
                + " and can abort the daemon)";
    }
}
