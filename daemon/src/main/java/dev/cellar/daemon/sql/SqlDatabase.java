package dev.cellar.daemon.sql;

import dev.cellar.daemon.execution.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.cellar.protocol.config.NamedConnection;
import dev.cellar.protocol.config.NamedConnections;
import dev.cellar.protocol.config.UserConfig;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A notebook's database connection, opened on first use and reopened after it is lost.
 * Used only on the notebook's kernel thread. The default is an embedded in-memory DuckDB
 * whose relative paths ({@code FROM 'sales.csv'}) start at the notebook's folder.
 */
public final class SqlDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cellar.sql");

    private final String url;
    private final Path folder;
    private final String refusal;
    private final Secrets secrets;
    private final DuckDbCaps caps;
    private final ServerAccess access;
    private Connection connection;
    /** The embedded DuckDB's spill folder: private to this notebook (0700), removed on close. */
    private Path tempFolder;

    private SqlDatabase(String url, Path folder, String refusal, Secrets secrets, DuckDbCaps caps, ServerAccess access) {
        this.url = url;
        this.folder = folder;
        this.refusal = refusal;
        this.secrets = secrets;
        this.caps = caps;
        this.access = access;
    }

    /**
     * A notebook's database: {@link #urlFor}, with a DuckDB file named in the notebook's
     * header kept inside the notebook's folder like every other file its cells reach (the
     * daemon's own {@code CELLAR_SQL_URL} is the user's choice, not the notebook's). The
     * embedded DuckDB never reads {@code secrets}, even in the folder.
     */
    public static SqlDatabase forNotebook(Path notebookFile, String notebookUrl, boolean duckdbFile, String environmentUrl,
                                          Secrets secrets) {
        return forNotebook(notebookFile, notebookUrl, duckdbFile, environmentUrl, secrets, DuckDbCaps.DEFAULTS,
                ServerAccess.ofThisProcess());
    }

    /**
     * As above, with the daemon's limits on the embedded DuckDB, and the drivers and named
     * connections ({@code sql=@NAME}) the user added.
     */
    public static SqlDatabase forNotebook(Path notebookFile, String notebookUrl, boolean duckdbFile, String environmentUrl,
                                          Secrets secrets, DuckDbCaps caps, ServerAccess access) {
        Path folder = notebookFile.toAbsolutePath().getParent();
        String url = urlFor(notebookFile, notebookUrl, duckdbFile, environmentUrl);
        if (notebookUrl == null || notebookUrl.isBlank() || !url.startsWith(DuckDbFile.PREFIX)) {
            return new SqlDatabase(url, folder, null, secrets, caps, access);
        }
        DuckDbFile.Placed placed = DuckDbFile.place(url, folder);
        return new SqlDatabase(placed.url(), folder, placed.refusal(), secrets, caps, access);
    }

    /**
     * Opens the connection named {@code name} as a notebook's {@code sql=@NAME} would (same drivers,
     * same password lookup) and closes it: what {@code cellar connection test} reports.
     */
    public static dev.cellar.protocol.method.ConnectionTestResult test(ServerAccess access, String name) {
        Path home = Path.of(System.getProperty("user.home"));
        try (SqlDatabase db = new SqlDatabase("@" + name, home, null, Secrets.ofThisProcess(), DuckDbCaps.DEFAULTS, access)) {
            Connection c = db.connection();
            java.sql.DatabaseMetaData meta = c.getMetaData();
            boolean valid = c.isValid(10);
            return new dev.cellar.protocol.method.ConnectionTestResult(valid, "@" + name + ": " + (valid ? "connected to " : "opened but not answering: ")
                    + meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion()
                    + (meta.getUserName() != null ? " as " + meta.getUserName() : "") + " (" + confinement("@" + name) + ")");
        } catch (SQLException e) {
            return new dev.cellar.protocol.method.ConnectionTestResult(false, "@" + name + ": " + e.getMessage());
        }
    }

    /** Why no cell may use this database (a DuckDB file outside the notebook's folder), or null. */
    String refusal() {
        return refusal;
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

    /**
     * Whether SQL cells on {@code url} run by themselves after an edit upstream: yes on a database
     * inside the daemon (DuckDB, SQLite, H2 in memory or in a file; not MotherDuck's {@code md:}), where a query costs only local
     * time; no on a server or a named connection (a warehouse may bill each query, or take minutes),
     * where they become stale until a person runs them, unless the named connection was added with
     * {@code --autorun}. {@code sql-autorun=} overrides it.
     */
    public static boolean autorunsByDefault(String url) {
        if (url.startsWith("@")) { // a named connection added with --autorun says a query there costs nothing to repeat
            try {
                return NamedConnections.find(UserConfig.connectionsFile(System.getenv()), url.substring(1))
                        .map(NamedConnection::autorun).orElse(false);
            } catch (IOException | RuntimeException unreadable) {
                return false; // the run reports why the file cannot be read
            }
        }
        if (url.startsWith(DuckDbFile.PREFIX)) {
            String file = url.substring(DuckDbFile.PREFIX.length()).split("\\?", 2)[0];
            return file.isEmpty() || file.startsWith(":memory:") || !file.contains(":"); // md:, s3://: a service
        }
        return url.startsWith("jdbc:sqlite:")
                || (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:"));
    }

    /**
     * How confined SQL cells on {@code url} are, as {@code KernelInfo.sql} says it: {@code duckdb}
     * for the embedded DuckDB (kept to the notebook's folder, its settings locked), else
     * {@code unconfined (<subprotocol>)}: a server (or any other driver) does whatever its own
     * rights allow ({@code COPY … TO PROGRAM}, {@code pg_read_file}), whatever {@code sandbox=} says.
     */
    public static String confinement(String url) {
        if (url.startsWith(DuckDbFile.PREFIX) || url.equals("jdbc:duckdb:")) {
            return "duckdb";
        }
        if (url.startsWith("@")) {
            // a named connection is the user's server (or an added driver): unconfined whatever its URL
            String kind = "";
            try {
                kind = NamedConnections.find(UserConfig.connectionsFile(System.getenv()), url.substring(1))
                        .map(c -> subprotocol(c.url()) + " ").orElse("");
            } catch (IOException | RuntimeException unreadable) {
                // the kind is only shown; the run reports why the file cannot be read
            }
            return "unconfined (" + kind + url + ")";
        }
        return "unconfined (" + subprotocol(url) + ")";
    }

    private static String subprotocol(String url) {
        String[] parts = url.split(":", 3);
        String kind = parts.length >= 2 && parts[0].equalsIgnoreCase("jdbc") && !parts[1].isBlank() ? parts[1] : "jdbc";
        return kind.toLowerCase(java.util.Locale.ROOT);
    }

    /** What the connection holds ({@link Catalog}); opens it if need be. On the kernel thread, like every use. */
    public Catalog.Listing catalog(String schema, String table) throws SQLException {
        if (refusal != null) {
            throw new SqlSetupException("SqlRefused", refusal);
        }
        try {
            return Catalog.list(connection(), schema, table);
        } catch (SQLException e) {
            if (!lost(e)) {
                throw e;
            }
            reset(); // a server restarted or an idle connection timed out: open it again, once
            return Catalog.list(connection(), schema, table);
        }
    }

    /**
     * Whether {@code e} says the connection is gone: connection exceptions (SQLSTATE class 08),
     * a server that ended the session (57P0x: admin shutdown, crash, restart), or a connection
     * that no longer answers.
     */
    boolean lost(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
            return true;
        }
        return !isDuckDb() && isBroken();
    }

    Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties props = new Properties();
            String target = url;
            if (url.startsWith("@")) {
                NamedConnection named;
                try {
                    named = access.connection(url.substring(1));
                } catch (IOException e) {
                    throw new SqlSetupException("SqlNoConnection", "cannot read the connections file: " + e.getMessage());
                }
                target = named.url();
                if (named.user() != null) {
                    props.setProperty("user", named.user());
                }
                if (named.password() != null) {
                    props.setProperty("password", named.password());
                }
            }
            if (isDuckDb()) {
                props.setProperty("jdbc_stream_results", "true"); // large results stream instead of materialising twice
            }
            connection = open(target, props);
            if (isDuckDb()) {
                confineDuckDb(connection);
            }
        }
        return connection;
    }

    /**
     * Through the daemon's own drivers (DuckDB, PostgreSQL), else one the user added. Not
     * {@code DriverManager.getConnection}: it answers a URL no driver takes with SQLSTATE 08001,
     * which read as a lost connection, and it never sees drivers in their own class loaders.
     */
    private Connection open(String target, Properties props) throws SQLException {
        Driver driver;
        try {
            driver = DriverManager.getDriver(target);
        } catch (SQLException notOurs) {
            driver = access.drivers().driverFor(target);
        }
        if (driver == null) {
            throw new SqlSetupException("SqlNoDriver", KnownDrivers.missing(describe(), target));
        }
        Connection c = driver.connect(target, props);
        if (c == null) {
            throw new SqlSetupException("SqlNoDriver", KnownDrivers.missing(describe(), target));
        }
        return c;
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

    /** The URL without credentials (a named connection by its name), for messages. */
    public String describe() {
        return NamedConnection.safeUrl(url);
    }

    /**
     * Relative file names resolve in the notebook's folder, and files elsewhere stay out of
     * reach, as for Python cells. Large queries spill into a folder of this notebook's own
     * (by default DuckDB spills into {@code .tmp} in the daemon's working directory, shared by
     * every notebook); once external access is off, DuckDB itself refuses to move it. Then the
     * configuration is locked: a cell cannot raise the memory limit or the threads either.
     */
    private void confineDuckDb(Connection c) throws SQLException {
        String dir = folder.toAbsolutePath().toString().replace("'", "''");
        try (Statement s = c.createStatement()) {
            s.execute("SET temp_directory = '" + tempFolder().toString().replace("'", "''") + "'");
            s.execute("SET file_search_path = '" + dir + "'");
            for (String set : DuckDbAccess.of(folder, secrets).statements()) {
                s.execute(set);
            }
            for (String set : caps.statements()) {
                s.execute(set);
            }
            s.execute("SET enable_external_access = false");
            // from here on no cell changes DuckDB's settings: not the folder, nor the memory and threads the
            // daemon allows (SET, SET GLOBAL, RESET, PRAGMA and enable_logging all refused by DuckDB itself)
            s.execute("SET lock_configuration = true");
        }
    }

    private Path tempFolder() throws SQLException {
        if (tempFolder == null) {
            try {
                tempFolder = Files.createTempDirectory("cellar-duckdb-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new SQLException("cannot create a temp folder for DuckDB: " + e.getMessage(), e);
            }
        }
        return tempFolder;
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
        if (tempFolder != null) {
            deleteTree(tempFolder);
            tempFolder = null;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove DuckDB's temp folder " + dir, e);
        }
    }
}
