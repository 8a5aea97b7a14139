package dev.cellar.daemon.sql;

import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.Output;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs an SQL cell: its statements in order, {@code {name}} placeholders bound as JDBC
 * parameters (never pasted into the text), the last statement's rows (or update count)
 * as the result. Runs on the kernel thread; {@link #cancel} may come from any thread.
 */
public final class SqlCellRunner {
    private static final System.Logger LOG = System.getLogger("cellar.sql");
    private static final Pattern DUCKDB_LINE = Pattern.compile("LINE (\\d+):");
    /** A statement that reads rows: on a server it is streamed in a transaction of its own. */
    private static final Pattern QUERY = Pattern.compile("\\s*\\(?\\s*(select|with|values|table|from)\\b",
            Pattern.CASE_INSENSITIVE);
    /** How many rows the driver fetches at a time while a result streams to its spool. */
    static final int FETCH_SIZE = 1_000;

    private final SqlDatabase database;
    private final ResultReuse reuse;
    private volatile PreparedStatement current;
    private volatile boolean cancelled;

    public SqlCellRunner(SqlDatabase database) {
        this(database, new ResultReuse());
    }

    /** {@code reuse}: the results cells that asked for it may get back (shared by a kernel's connections). */
    public SqlCellRunner(SqlDatabase database, ResultReuse reuse) {
        this.database = database;
        this.reuse = reuse;
    }

    /** Where placeholder values come from (the notebook's Python variables). */
    @FunctionalInterface
    public interface Parameters {
        /** The value to bind, as Long, Double, String, Boolean, a java.time value or null; throws for unknown or unbindable names. */
        Object value(String name);
    }

    /** Where DataFrames come from for {@code FROM name} (the notebook's Python). */
    @FunctionalInterface
    public interface Frames {
        /** The variable as a table, or null when it is none; throws {@link Frame.Refused}. */
        Frame frame(String name);
    }

    /** No DataFrames: a kernel without Python, or a test of SQL alone. */
    public static final Frames NO_FRAMES = name -> null;

    /** A placeholder that names no variable, or one that cannot be bound. */
    public static final class ParameterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ParameterException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * How the cell ended, and the rows of its last statement (null when it returned none);
     * {@code reusedFrom}: when the result given back was made, for a cell whose repeated query
     * was not run again ({@code cache="on"}); null when it ran.
     */
    public record Result(ExecutionResult execution, ResultTable table, java.time.Instant reusedFrom) {
        public Result(ExecutionResult execution, ResultTable table) {
            this(execution, table, null);
        }
    }

    public Result run(CellRun cell, Parameters parameters, int previewRows, long maxRows) {
        return run(cell, parameters, NO_FRAMES, previewRows, maxRows);
    }

    /**
     * On DuckDB, every table name the cell reads that no table or view of the database has,
     * and that is a DataFrame (Arrow table, Table) in Python, is that DataFrame while the cell runs.
     */
    public Result run(CellRun cell, Parameters parameters, Frames frames, int previewRows, long maxRows) {
        return run(cell, parameters, frames, previewRows, maxRows, null);
    }

    /**
     * With {@code spools}, the last statement's rows are streamed ({@link #FETCH_SIZE} at a time;
     * on a server in a read transaction of their own, since PostgreSQL's driver holds the whole
     * result otherwise) to a spool there, and only the preview stays in memory, unless the cell
     * has an {@code out=} variable, which needs them all ({@code maxRows} then applies). The
     * preview carries the spool's handle.
     */
    public Result run(CellRun cell, Parameters parameters, Frames frames, int previewRows, long maxRows,
                      ResultSpools spools) {
        cancelled = false;
        List<SqlText.Statement> statements = SqlText.statements(database.isDuckDb()
                ? SqlText.resolveFiles(cell.code(), database.folder()) : cell.code());
        if (statements.isEmpty()) {
            return new Result(ExecutionResult.ok(null), null);
        }
        String refused = database.refusal() != null ? database.refusal()
                : database.isDuckDb() ? DuckDbGuard.refusal(cell.code()) : null;
        if (refused != null) {
            return failed(CellError.of("SqlRefused", refused));
        }
        SqlText.Statement at = statements.getFirst();
        FrameTables registered = null;
        ResultReuse.Key key = null;
        try {
            if (cell.cache() && reusable(statements)) {
                key = new ResultReuse.Key(database.describe(), cell.code(), resolved(statements, parameters));
                ResultReuse.Kept kept = reuse.find(cell.cellId(), key);
                if (kept != null) {
                    return new Result(ExecutionResult.ok(kept.preview()), kept.table(), kept.madeAt());
                }
                parameters = key.parameters()::get; // the values the key holds are the ones bound
            }
            reuse.forget(List.of(cell.cellId()));
            if (spools != null) {
                spools.drop(cell.cellId()); // a cell that runs again no longer shows its old result
            }
            Connection c = database.connection();
            if (database.isDuckDb() && frames != NO_FRAMES) {
                registered = new FrameTables(c);
                registerFrames(registered, cell.code(), frames);
            }
            ResultTable table = null;
            Output output = null;
            for (SqlText.Statement s : statements) {
                at = s;
                boolean last = s == statements.getLast();
                boolean stream = last && spools != null && !database.isDuckDb() && QUERY.matcher(s.sql()).lookingAt()
                        && c.getAutoCommit();
                if (stream) {
                    c.setAutoCommit(false);
                }
                boolean streamed = false;
                try (PreparedStatement ps = c.prepareStatement(s.sql())) {
                    current = ps;
                    try {
                        ps.setFetchSize(FETCH_SIZE);
                    } catch (SQLException unsupported) {
                        // a driver without fetch sizes reads as it will
                    }
                    for (int i = 0; i < s.params().size(); i++) {
                        ps.setObject(i + 1, parameters.value(s.params().get(i)));
                    }
                    boolean rows = ps.execute();
                    if (s == statements.getLast()) {
                        if (rows) {
                            boolean keepAll = spools == null || cell.out() != null;
                            ResultReader.Read read;
                            try (ResultSet rs = ps.getResultSet()) {
                                read = ResultReader.read(rs, maxRows, keepAll, previewRows,
                                        spools == null ? null : spools::start);
                            }
                            table = keepAll ? read.table() : null;
                            Output.Table preview = read.table().preview(previewRows, read.rows());
                            if (read.spool() != null) {
                                spools.put(cell.cellId(), read.spool());
                                preview = preview.withHandle(read.spool().handle());
                            }
                            output = preview;
                        } else {
                            long count = ps.getLargeUpdateCount();
                            output = new Output.Text(count < 0 ? "done" : count + (count == 1 ? " row" : " rows") + " affected");
                        }
                    }
                    streamed = stream;
                } finally {
                    current = null;
                    if (stream) {
                        endReadTransaction(c, streamed);
                    }
                }
            }
            if (key != null && output instanceof Output.Table) {
                reuse.keep(cell.cellId(), new ResultReuse.Kept(key, output, table, java.time.Instant.now()));
            }
            return new Result(ExecutionResult.ok(output), table);
        } catch (ParameterException e) {
            return failed(CellError.of("SqlParameterError", e.getMessage()));
        } catch (Frame.Refused e) {
            return failed(CellError.of("SqlFrameError", e.getMessage()));
        } catch (ResultReader.TooManyRows | TableSpool.Full e) {
            return failed(CellError.of("SqlResultTooLarge", e.getMessage()));
        } catch (SqlSetupException e) {
            return failed(CellError.of(e.kind(), e.getMessage()));
        } catch (SQLException e) {
            if (cancelled) {
                return new Result(ExecutionResult.interrupted(CellError.of("Interrupted", "the query was cancelled")), null);
            }
            if (isConnectionLost(e)) {
                database.reset();
                return failed(new CellError("SqlConnectionLost", "lost the connection to " + database.describe() + ": "
                        + e.getMessage() + " (it is reopened on the next run)", List.of(), at.firstLine()));
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("file system operations are disabled")) {
                message += "\n(SQL cells reach files in the notebook's folder only)";
            } else if (message.contains("the configuration has been locked")) {
                message += "\n(Cellar locks the embedded DuckDB's settings once it has set up the notebook's database: memory,"
                        + " threads and the files it may reach are the daemon's to choose, not a cell's)";
            }
            return failed(new CellError("SqlError", message, List.of(), at.firstLine() - 1 + lineInStatement(e, at)));
        } finally {
            if (registered != null) {
                try {
                    registered.close();
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.DEBUG, "dropping a cell's DataFrame views failed", e);
                }
            }
        }
    }

    /**
     * Whether a result may stand in for running the cell again: on a server (on DuckDB a query may
     * read DataFrames, which no key sees), and only queries, so nothing a cell changes is skipped.
     */
    /**
     * Why {@code cache="on"} cannot reuse this cell's result, to say so beside its output
     * (a setting that silently does nothing is a surprise); null when it can, or was not asked.
     */
    public String cacheUnused(CellRun cell) {
        if (!cell.cache()) {
            return null;
        }
        if (database.isDuckDb()) {
            return "cache=\"on\" does nothing on DuckDB: a query there may read DataFrames and files that no cache key"
                    + " sees, so it runs every time";
        }
        return reusable(SqlText.statements(cell.code())) ? null
                : "cache=\"on\" reuses queries only (SELECT, WITH, VALUES, TABLE, FROM): this cell changes something,"
                + " so it runs every time";
    }

    private boolean reusable(List<SqlText.Statement> statements) {
        return !database.isDuckDb() && statements.stream().allMatch(s -> QUERY.matcher(s.sql()).lookingAt());
    }

    /** Every placeholder's value, read once, in the order the statements name them. */
    private static java.util.Map<String, Object> resolved(List<SqlText.Statement> statements, Parameters parameters) {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (SqlText.Statement s : statements) {
            for (String name : s.params()) {
                if (!values.containsKey(name)) {
                    values.put(name, parameters.value(name));
                }
            }
        }
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Ends the read transaction a streamed query ran in (committed if it went well), back to autocommit. */
    private static void endReadTransaction(Connection c, boolean ok) {
        try {
            if (ok) {
                c.commit();
            } else {
                c.rollback();
            }
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "ending a streamed query's transaction failed", e);
        }
    }

    /** The DataFrames the cell reads (names DuckDB's parser finds, that no table of the database has), made tables. */
    private static void registerFrames(FrameTables tables, String code, Frames frames) throws SQLException {
        for (String name : SqlReads.of(code).tables()) {
            if (!SqlReads.isIdentifier(name) || tables.exists(name)) {
                continue; // a real table of that name wins, as in DuckDB's Python API
            }
            Frame frame = frames.frame(name);
            if (frame != null) {
                tables.register(frame);
            }
        }
    }

    /** Stops the running statement (JDBC cancel); harmless between statements. */
    public void cancel() {
        cancelled = true;
        PreparedStatement ps = current;
        if (ps != null) {
            try {
                ps.cancel();
            } catch (SQLException ignored) {
                // the statement ended meanwhile
            }
        }
    }

    public boolean isRunning() {
        return current != null;
    }

    private static Result failed(CellError error) {
        return new Result(ExecutionResult.error(error), null);
    }

    private boolean isConnectionLost(SQLException e) {
        return database.lost(e);
    }

    /** The line of the error inside the statement, from PostgreSQL's position or DuckDB's "LINE n:"; 1 if unknown. */
    private static int lineInStatement(SQLException e, SqlText.Statement s) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m != null && m.getPosition() > 0) {
                int line = 1;
                for (int i = 0; i < Math.min(m.getPosition() - 1, s.sql().length()); i++) {
                    if (s.sql().charAt(i) == '\n') {
                        line++;
                    }
                }
                return line;
            }
        }
        Matcher m = DUCKDB_LINE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }
}
