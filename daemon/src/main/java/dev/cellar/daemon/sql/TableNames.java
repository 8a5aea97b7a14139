package dev.cellar.daemon.sql;

/**
 * SQL tables and views in the graph's namespace: {@code table:name}, so a table and a Python
 * variable of the same name never clash. The analysis writes these names; the kernel, which
 * clears released names, must leave the database's tables alone.
 */
public final class TableNames {
    private static final String PREFIX = "table:";

    private TableNames() {
    }

    /** The graph's name for the table or view {@code table}. */
    public static String of(String table) {
        return PREFIX + table;
    }

    /** Whether a name the graph holds is a Python variable, not a table. */
    public static boolean isVariable(String name) {
        return !name.startsWith(PREFIX);
    }
}
