package dev.cellar.daemon.kernel;

import dev.cellar.daemon.analysis.SqlNames;
import dev.cellar.daemon.kernel.python.PythonKernel;
import dev.cellar.daemon.sql.SqlCellRunner;
import dev.cellar.daemon.sql.SqlDatabase;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A notebook's kernel: Python cells on its GraalPy context, SQL cells on its database,
 * sharing one namespace. An SQL cell reads its {@code {name}} parameters from the Python
 * variables and leaves its result in the variable named by {@code out=}.
 */
public final class NotebookKernel implements Kernel {
    private final PythonKernel python;
    private final SqlDatabase database;
    private final SqlCellRunner sql;
    private final KernelSpec spec;

    public NotebookKernel(KernelSpec spec, String environmentSqlUrl) {
        this.spec = spec;
        this.python = new PythonKernel(spec.folder(), spec.previewRows());
        this.database = new SqlDatabase(SqlDatabase.urlFor(spec.notebookFile(), spec.sqlUrl(), spec.duckdbFile(),
                environmentSqlUrl), spec.folder());
        this.sql = new SqlCellRunner(database);
    }

    @Override
    public ExecutionResult execute(CellRun cell, OutputSink sink) {
        return switch (cell.kind()) {
            case PYTHON -> python.execute(cell, sink);
            case SQL -> {
                SqlCellRunner.Result r = sql.run(cell, python::sqlParameter, spec.previewRows(), spec.maxRows());
                if (r.table() != null && cell.out() != null) {
                    python.bindTable(cell.out(), r.table());
                }
                yield r.execution();
            }
            case MARKDOWN -> ExecutionResult.ok(null);
        };
    }

    /** Tables are the database's (never dropped behind the user's back); only variables are removed. */
    @Override
    public void clear(Set<String> names) {
        python.clear(names.stream().filter(SqlNames::isVariable).collect(Collectors.toSet()));
    }

    @Override
    public void assign(java.util.Map<String, String> jsonValues) {
        python.assign(jsonValues);
    }

    @Override
    public void interrupt() {
        if (sql.isRunning()) {
            sql.cancel();
        } else {
            python.interrupt();
        }
    }

    @Override
    public void close() {
        sql.cancel();
        database.close();
        python.close();
    }
}
