package dev.cellar.daemon.sql;

import java.util.Map;

/**
 * The daemon's limits on every notebook's embedded DuckDB: its memory ({@code memory_limit},
 * e.g. {@code 4GB}) and threads, from {@code CELLAR_DUCKDB_MEMORY} and
 * {@code CELLAR_DUCKDB_THREADS}; null keeps DuckDB's own default (80% of the machine's memory,
 * one thread per core). Applied when a notebook's database is set up, before its settings are
 * locked, so no cell can lift them.
 */
public record DuckDbCaps(String memoryLimit, Integer threads) {
    public static final DuckDbCaps DEFAULTS = new DuckDbCaps(null, null);

    public static DuckDbCaps of(Map<String, String> environment) {
        String memory = environment.get("CELLAR_DUCKDB_MEMORY");
        String threads = environment.get("CELLAR_DUCKDB_THREADS");
        Integer n = null;
        if (threads != null && threads.strip().matches("[1-9][0-9]{0,4}")) {
            n = Integer.valueOf(threads.strip());
        }
        return new DuckDbCaps(memory == null || !memory.strip().matches("[0-9.]+\\s*[KMGT]?i?B?") ? null
                : memory.strip(), n);
    }

    /** The SET statements that apply them (before the configuration is locked). */
    java.util.List<String> statements() {
        java.util.List<String> sets = new java.util.ArrayList<>();
        if (memoryLimit != null) {
            sets.add("SET memory_limit = '" + memoryLimit + "'");
        }
        if (threads != null) {
            sets.add("SET threads = " + threads);
        }
        return sets;
    }
}
