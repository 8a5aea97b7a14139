package dev.cellar.daemon.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A notebook's database connection, opened on first use and reopened after it is lost.
 * Used only on the notebook's kernel thread. The default is an embedded in-memory DuckDB
 * whose relative paths ({@code FROM 'sales.csv'}) start at the notebook's folder.
 */
public final class SqlDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cellar.sql");

    private final String url;
    private final Path folder;
    private Connection connection;

    public SqlDatabase(String url, Path folder) {
        this.url = url;
        this.folder = folder;
    }

    /** The notebook's own URL, else the daemon's {@code CELLAR_SQL_URL}, else DuckDB (in memory, or in a file beside the notebook). */
    public static String urlFor(Path notebookFile, String notebookUrl, boolean duckdbFile, String environmentUrl) {
        if (notebookUrl != null && !notebookUrl.isBlank()) {
            return notebookUrl;
        }
        if (environmentUrl != null && !environmentUrl.isBlank()) {
            return environmentUrl;
        }
        if (duckdbFile) {
            String name = notebookFile.getFileName().toString().replaceFirst("\\.py$", "");
            return "jdbc:duckdb:" + notebookFile.resolveSibling(name + ".duckdb");
        }
        return "jdbc:duckdb:";
    }

    Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties props = new Properties();
            if (isDuckDb()) {
                props.setProperty("jdbc_stream_results", "true"); // large results stream instead of materialising twice
            }
            connection = DriverManager.getConnection(url, props);
            if (isDuckDb()) {
                confineDuckDb(connection);
            }
        }
        return connection;
    }

    /** Whether the open connection has died (without opening a new one to find out). */
    boolean isBroken() {
        try {
            return connection != null && (connection.isClosed() || !connection.isValid(2));
        } catch (SQLException e) {
            return true;
        }
    }

    /** After a lost connection: the next run opens a new one. */
    void reset() {
        close();
    }

    Path folder() {
        return folder;
    }

    boolean isDuckDb() {
        return url.startsWith("jdbc:duckdb:");
    }

    /** The URL without credentials, for messages. */
    public String describe() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** Relative file names resolve in the notebook's folder, and files elsewhere stay out of reach, as for Python cells. */
    private void confineDuckDb(Connection c) throws SQLException {
        String dir = folder.toAbsolutePath().toString().replace("'", "''");
        try (Statement s = c.createStatement()) {
            s.execute("SET file_search_path = '" + dir + "'");
            s.execute("SET allowed_directories = ['" + dir + "']");
            s.execute("SET enable_external_access = false");
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + describe() + " failed", e);
            }
            connection = null;
        }
    }
}
