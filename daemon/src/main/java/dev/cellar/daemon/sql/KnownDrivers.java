package dev.cellar.daemon.sql;

import java.util.Locale;
import java.util.Map;

/**
 * The usual Maven coordinates of well-known JDBC drivers, by URL prefix: what a notebook whose
 * URL has no driver is told to add.
 */
final class KnownDrivers {
    private static final Map<String, String> BY_SUBPROTOCOL = Map.ofEntries(
            Map.entry("trino", "io.trino:trino-jdbc"),
            Map.entry("presto", "com.facebook.presto:presto-jdbc"),
            Map.entry("mysql", "com.mysql:mysql-connector-j"),
            Map.entry("mariadb", "org.mariadb.jdbc:mariadb-java-client"),
            Map.entry("clickhouse", "com.clickhouse:clickhouse-jdbc"),
            Map.entry("ch", "com.clickhouse:clickhouse-jdbc"),
            Map.entry("sqlite", "org.xerial:sqlite-jdbc"),
            Map.entry("h2", "com.h2database:h2"),
            Map.entry("snowflake", "net.snowflake:snowflake-jdbc"),
            Map.entry("sqlserver", "com.microsoft.sqlserver:mssql-jdbc"),
            Map.entry("oracle", "com.oracle.database.jdbc:ojdbc11"),
            Map.entry("redshift", "com.amazon.redshift:redshift-jdbc42"),
            Map.entry("hive2", "org.apache.hive:hive-jdbc"),
            Map.entry("databricks", "com.databricks:databricks-jdbc"),
            Map.entry("db2", "com.ibm.db2:jcc"),
            Map.entry("derby", "org.apache.derby:derbyclient"),
            Map.entry("hsqldb", "org.hsqldb:hsqldb"),
            Map.entry("firebirdsql", "org.firebirdsql.jdbc:jaybird"));

    private KnownDrivers() {
    }

    /** The coordinates ({@code GROUP:ARTIFACT}) usually used for {@code url}, or null when the prefix is not one we know. */
    static String coordinatesFor(String url) {
        String[] parts = url.split(":", 3);
        return parts.length >= 2 ? BY_SUBPROTOCOL.get(parts[1].toLowerCase(Locale.ROOT)) : null;
    }

    /** What to tell a person whose URL has no driver: that there is none, which one is usual, and how to add it. */
    static String missing(String described, String url) {
        String known = coordinatesFor(url);
        return "no JDBC driver for " + described + " is installed. "
                + (known != null
                ? "The usual one is " + known + ": add it with `cellar driver add " + known + ":VERSION`"
                : "Add one with `cellar driver add GROUP:ARTIFACT:VERSION`")
                + " (or `cellar driver add FILE.jar`); the daemon picks it up at the next run, no restart needed.";
    }
}
