package dev.cellar.daemon.sql;

import dev.cellar.daemon.execution.Secrets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The databases one notebook's SQL cells run on: the notebook's own ({@code sql=}, else the
 * daemon's {@code CELLAR_SQL_URL}, else the embedded DuckDB), and those single cells name in their
 * marker line ({@code conn="@warehouse"}, {@code conn="duckdb"}), each opened at its first cell
 * and closed with the kernel. A cell may name the embedded DuckDB, the notebook's own connection,
 * or a named connection the header's {@code conns=} allows ({@link #refusal}). Kernel thread,
 * but {@link #cancel}.
 */
public final class SqlConnections implements AutoCloseable {
    /** What a cell writes for the notebook's embedded DuckDB ({@code conn="duckdb"}). */
    public static final String DUCKDB = "duckdb";

    /** A database and the runner of its cells. */
    private record Opened(SqlDatabase database, SqlCellRunner runner) {
    }

    private final Path notebookFile;
    private final boolean duckdbFile;
    private final Secrets secrets;
    private final DuckDbCaps caps;
    private final ServerAccess access;
    private final List<String> allowed;
    private final String defaultUrl;
    private final ResultReuse reuse = new ResultReuse();
    /** By URL ({@code @NAME} for a named connection); the notebook's own first. */
    private final Map<String, Opened> opened = new LinkedHashMap<>();
    private final List<SqlCellRunner> runners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code notebookUrl}, {@code duckdbFile}, {@code environmentUrl}: as {@link SqlDatabase#forNotebook}; {@code allowed}: {@code conns=}. */
    public SqlConnections(Path notebookFile, String notebookUrl, boolean duckdbFile, String environmentUrl, List<String> allowed,
                          Secrets secrets, DuckDbCaps caps, ServerAccess access) {
        this.notebookFile = notebookFile;
        this.duckdbFile = duckdbFile;
        this.secrets = secrets;
        this.caps = caps;
        this.access = access;
        this.allowed = List.copyOf(allowed);
        SqlDatabase own = SqlDatabase.forNotebook(notebookFile, notebookUrl, duckdbFile, environmentUrl, secrets, caps, access);
        this.defaultUrl = SqlDatabase.urlFor(notebookFile, notebookUrl, duckdbFile, environmentUrl);
        add(defaultUrl, own);
    }

    /** The URL a cell's {@code conn} stands for: the notebook's own for null, the embedded DuckDB for {@code duckdb}. */
    public static String urlOf(String conn, String notebookDefaultUrl, Path notebookFile, boolean duckdbFile) {
        if (conn == null) {
            return notebookDefaultUrl;
        }
        return conn.equals(DUCKDB) ? SqlDatabase.urlFor(notebookFile, null, duckdbFile, null) : conn;
    }

    /**
     * Why a cell may not run on {@code conn}, or null: a value that names no connection, or a
     * named connection the notebook's header does not allow. The header is a person's to confirm;
     * a cell's marker line is anyone's to write (an agent's, the assistant's), so a cell alone
     * never reaches a database the notebook did not name.
     */
    public static String refusal(String conn, String notebookDefaultUrl, List<String> allowed, Path notebookFile) {
        if (conn == null || conn.equals(DUCKDB) || conn.equals(notebookDefaultUrl)) {
            return null;
        }
        if (!dev.cellar.protocol.config.NamedConnection.isReference(conn)) {
            return "conn=\"" + conn + "\" names no connection: write conn=\"@NAME\" (a named connection, see cellar"
                    + " connection list) or conn=\"duckdb\" (the notebook's embedded DuckDB)";
        }
        if (allowed.contains(conn)) {
            return null;
        }
        return "this cell names " + conn + ", which the notebook's header does not allow: add `# cellar: conns="
                + String.join(",", with(allowed, conn)) + "` to the header, and a person must confirm it (cellar confirm "
                + notebookFile + ")";
    }

    private static List<String> with(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    /** Why the cell cannot run on {@code conn} ({@link #refusal}), or null. */
    public String refusal(String conn) {
        return refusal(conn, defaultUrl, allowed, notebookFile);
    }

    /** The runner of cells on {@code conn} (null: the notebook's own), the database made (not opened) at first use. */
    public SqlCellRunner runner(String conn) {
        return opened(conn).runner();
    }

    private Opened opened(String conn) {
        String url = urlOf(conn, defaultUrl, notebookFile, duckdbFile);
        Opened o = opened.get(url);
        if (o == null) {
            boolean duckdb = url.startsWith("jdbc:duckdb:");
            // the embedded DuckDB by the notebook's rules (a file beside it); a named connection as sql=@NAME opens it
            o = add(url, SqlDatabase.forNotebook(notebookFile, duckdb ? null : url, duckdbFile, null, secrets, caps, access));
        }
        return o;
    }

    private Opened add(String url, SqlDatabase database) {
        Opened o = new Opened(database, new SqlCellRunner(database, reuse));
        opened.put(url, o);
        runners.add(o.runner());
        return o;
    }

    /**
     * The catalog ({@code list_tables}) of the notebook's own database, or of one a cell may name
     * ({@code conn}: refused as a cell naming it would be), opened if need be.
     */
    public Catalog.Listing catalog(String conn, String schema, String table) throws SQLException {
        String refused = refusal(conn);
        if (refused != null) {
            throw new SqlSetupException("SqlConnectionNotAllowed", refused);
        }
        return opened(conn).database().catalog(schema, table);
    }

    /** The cells' kept results go with their tables ({@link ResultReuse}). */
    public void forget(java.util.Collection<String> cellIds) {
        reuse.forget(cellIds);
    }

    public boolean isRunning() {
        return runners.stream().anyMatch(SqlCellRunner::isRunning);
    }

    /** Stops the running statement, whichever connection it is on; any thread. */
    public void cancel() {
        runners.forEach(SqlCellRunner::cancel);
    }

    @Override
    public void close() {
        cancel();
        opened.values().forEach(o -> o.database().close());
    }
}
