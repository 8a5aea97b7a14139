package dev.cellar.daemon.kernel;

import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.daemon.execution.TableQuery;
import dev.cellar.daemon.kernel.worker.WorkerKernel;
import dev.cellar.daemon.sql.Catalog;
import dev.cellar.daemon.sql.SqlCellRunner;
import dev.cellar.daemon.sql.SqlConnections;
import dev.cellar.daemon.sql.TableNames;
import dev.cellar.protocol.model.CellError;
import java.sql.SQLException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A notebook's kernel: Python cells on its Python, always in a worker process (the user's
 * interpreter, or embedded GraalPy in a JVM of its own: no cell code runs in the daemon),
 * SQL cells on its databases (the notebook's, or the one a cell names: {@link SqlConnections}), sharing one
 * namespace. An SQL cell reads its {@code {name}} parameters from the Python variables and leaves its
 * result in the variable named by {@code out=}.
 */
public final class NotebookKernel implements Kernel {
    private final PythonKernel python;
    private final SqlConnections sql;
    /** SQL cells' whole results, on disk: the daemon pages them ({@code table.rows}) and keeps only previews. */
    private final dev.cellar.daemon.sql.ResultSpools spools = new dev.cellar.daemon.sql.ResultSpools();
    private final KernelSpec spec;
    /** The most a DataFrame an SQL cell reads may take in transfer ({@link #frameLimit}). */
    private final long frameMaxBytes;
    /** Why this notebook's Python cannot run (no usable interpreter, a sandbox the machine cannot give); null: it can. */
    private final String refusal;

    /** When a reused result was made, as the output says it: the daemon's time zone, to the second. */
    private static final java.time.format.DateTimeFormatter REUSED_AT = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(java.time.ZoneId.systemDefault());

    /** The files no cell may read, even inside the notebook's folder, come with the spec's confinement. */
    public NotebookKernel(KernelSpec spec, String environmentSqlUrl) {
        this(spec, environmentSqlUrl, dev.cellar.daemon.sql.DuckDbCaps.of(System.getenv()),
                dev.cellar.daemon.sql.ServerAccess.ofThisProcess());
    }

    /** {@code caps}: the daemon's limits on the embedded DuckDB (memory, threads), which no cell can lift. */
    public NotebookKernel(KernelSpec spec, String environmentSqlUrl, dev.cellar.daemon.sql.DuckDbCaps caps) {
        this(spec, environmentSqlUrl, caps, dev.cellar.daemon.sql.ServerAccess.ofThisProcess());
    }

    /** {@code access}: the drivers and named connections the user added. */
    public NotebookKernel(KernelSpec spec, String environmentSqlUrl, dev.cellar.daemon.sql.DuckDbCaps caps,
                          dev.cellar.daemon.sql.ServerAccess access) {
        this.spec = spec;
        this.frameMaxBytes = frameLimit(spec.confinement().environment()); // the daemon's environment
        Interpreter interpreter = spec.interpreter();
        this.refusal = interpreter.unconfirmed() ? interpreter.problem() + ". See it and confirm it: cellar confirm "
                + spec.notebookFile()
                : interpreter.problem() != null ? interpreter.describe()
                + " (set python=auto, python=graalpy or python=/path/to/python in the notebook's header)"
                : spec.confinement().problem();
        Secrets secrets = spec.confinement().secrets();
        this.python = refusal != null ? null
                : interpreter.embedded() ? WorkerKernel.graalPy(spec.folder(), spec.previewRows(), spec.memoryLimit(), secrets)
                : WorkerKernel.python(interpreter, spec.folder(), spec.previewRows(), spec.memoryLimit(),
                        spec.confinement(), spec.env());
        this.sql = new SqlConnections(spec.notebookFile(), spec.sqlUrl(), spec.duckdbFile(), environmentSqlUrl, spec.conns(),
                secrets, caps, access);
    }

    @Override
    public ExecutionResult execute(CellRun cell, OutputSink sink) {
        if (python == null && cell.kind() != dev.cellar.protocol.model.CellKind.MARKDOWN
                && cell.kind() != dev.cellar.protocol.model.CellKind.RAW) {
            return ExecutionResult.error(CellError.of("KernelError", refusal));
        }
        if (cell.kind() != dev.cellar.protocol.model.CellKind.SQL || !cell.cache()) {
            spools.drop(cell.cellId()); // a cell that runs again no longer shows its old result (a reused one: see ResultReuse)
        }
        return switch (cell.kind()) {
            case PYTHON -> withNetworkNamed(withPythonNamed(python.execute(cell, sink)));
            case SQL -> {
                String refused = sql.refusal(cell.conn());
                if (refused != null) {
                    spools.drop(cell.cellId());
                    yield ExecutionResult.error(CellError.of("SqlConnectionNotAllowed", refused));
                }
                String cacheUnused = sql.runner(cell.conn()).cacheUnused(cell);
                if (cacheUnused != null) {
                    sink.write("stderr", cacheUnused + "\n");
                }
                SqlCellRunner.Result r = sql.runner(cell.conn()).run(cell, python::sqlParameter,
                        name -> python.sqlFrame(name, frameMaxBytes), spec.previewRows(), spec.maxRows(), spools);
                if (r.table() != null && cell.out() != null) {
                    python.bindTable(cell.out(), r.table());
                }
                if (r.reusedFrom() != null) {
                    sink.write("stdout", "reused the result made at " + REUSED_AT.format(r.reusedFrom())
                            + " (cache=\"on\": same query, same parameters; not queried again)\n");
                }
                yield r.execution();
            }
            case MARKDOWN, RAW -> ExecutionResult.ok(null);
        };
    }

    /**
     * A module that does not import is most often a package of another Python: the error says
     * which interpreter ran the cell and how to pick another (the data-day issue's repro: auto
     * picked a python3 without pandas, and nothing said so).
     */
    private ExecutionResult withPythonNamed(ExecutionResult result) {
        CellError e = result.error();
        if (e == null || !(e.ename().equals("ModuleNotFoundError") || e.ename().equals("ImportError"))) {
            return result;
        }
        String message = (e.message() == null ? "" : e.message()) + " (this cell ran on "
                + spec.interpreter().describe() + "; pick another Python with: cellar kernel use "
                + spec.notebookFile() + " PATH|auto|graalpy, or P in the terminal UI)";
        return new ExecutionResult(result.display(), new CellError(e.ename(), message, e.traceback(), e.line()),
                result.outcome(), result.kernelLost());
    }

    /**
     * A socket the sandbox refused fails with a bare {@code [Errno 13] Permission denied} (the
     * kernel's errno; Python is not patched to say more): the message then says what the
     * notebook's {@code net=} allows.
     */
    private ExecutionResult withNetworkNamed(ExecutionResult result) {
        CellError e = result.error();
        if (e == null || !spec.confinement().name().equals(Confinement.LANDLOCK) || !e.ename().equals("PermissionError")
                || e.message() == null || !e.message().startsWith("[Errno 13]")
                || e.traceback() == null || e.traceback().stream().noneMatch(line -> line.contains("socket")
                || line.contains("connect"))) {
            return result;
        }
        NetAllowance net = spec.confinement().net();
        String message = e.message() + (net.isEmpty()
                ? " (Cellar's sandbox: sandbox=on cells have no network; net=HOST:PORT in the header lists TCP endpoints"
                + " they may reach)"
                : " (Cellar's sandbox: cells may only connect over TCP to net=" + String.join(",", net.describe()) + ")");
        return new ExecutionResult(result.display(), new CellError(e.ename(), message, e.traceback(), e.line()),
                result.outcome(), result.kernelLost());
    }

    /** Tables are the database's (never dropped behind the user's back); only variables are removed. */
    @Override
    public void clear(Set<String> names) {
        if (python != null) {
            python.clear(names.stream().filter(TableNames::isVariable).collect(Collectors.toSet()));
        }
    }

    @Override
    public void assign(java.util.Map<String, String> jsonValues) {
        if (python != null) {
            python.assign(jsonValues);
        }
    }

    @Override
    public void warmUp() {
        if (python != null) {
            python.warmUp();
        }
    }

    @Override
    public void keepSpare() {
        if (python != null) {
            python.keepSpare();
        }
    }

    /** An SQL cell needs Python only for its {@code {name}} parameters or its {@code out=} variable. */
    @Override
    public void warmUp(CellRun cell) {
        boolean needsPython = switch (cell.kind()) {
            case PYTHON -> true;
            case SQL -> cell.out() != null || !dev.cellar.daemon.sql.SqlText.names(cell.code()).placeholders().isEmpty()
                    || !dev.cellar.daemon.sql.SqlReads.of(cell.code()).tables().isEmpty(); // a DataFrame, perhaps
            case MARKDOWN, RAW -> false;
        };
        if (needsPython) {
            warmUp();
        }
    }

    /**
     * {@code CELLAR_SQL_FRAME_MAX_MB} (default 192), at most 240: a worker's frame may carry
     * 256 MiB, and one larger breaks its channel (the worker is then lost, not the cell refused).
     */
    static long frameLimit(java.util.Map<String, String> env) {
        long mb = 192;
        try {
            mb = Long.parseLong(env.getOrDefault("CELLAR_SQL_FRAME_MAX_MB", "192").trim());
        } catch (NumberFormatException e) {
            // the default
        }
        return Math.clamp(mb, 1, 240) << 20;
    }

    @Override
    public Catalog.Listing catalog(String conn, String schema, String table) throws SQLException {
        if (refusal != null) { // cells are refused (an unconfirmed Python, a sandbox the machine lacks): so is this
            throw new dev.cellar.daemon.sql.SqlSetupException("KernelError", refusal);
        }
        return sql.catalog(conn, schema, table);
    }

    @Override
    public dev.cellar.protocol.method.TableRows tableRows(TableQuery query) {
        if (dev.cellar.daemon.sql.ResultSpools.isHandle(query.handle())) {
            dev.cellar.daemon.sql.TableSpool spool = spools.get(query.handle());
            if (spool == null) {
                throw TableQuery.gone("the cell ran again");
            }
            return spool.rows(query);
        }
        if (python == null) {
            throw TableQuery.gone("this kernel has no Python");
        }
        return python.tableRows(query);
    }

    @Override
    public void dropTables(Set<String> cellIds) {
        cellIds.forEach(spools::drop);
        sql.forget(cellIds);
        if (python != null) {
            python.dropTables(cellIds);
        }
    }

    /** A spooled result is a file of the daemon's: read on any thread, while a cell runs. */
    @Override
    public boolean readsAnyTime(String handle) {
        return dev.cellar.daemon.sql.ResultSpools.isHandle(handle);
    }

    @Override
    public void interrupt() {
        if (sql.isRunning()) {
            sql.cancel();
        } else if (python != null) {
            python.interrupt();
        }
    }

    @Override
    public void close() {
        sql.close();
        spools.close();
        if (python != null) {
            python.close();
        }
    }
}
