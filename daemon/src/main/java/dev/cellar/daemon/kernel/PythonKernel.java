package dev.cellar.daemon.kernel;

import dev.cellar.daemon.sql.ResultTable;

/**
 * The Python half of a notebook's kernel, on embedded GraalPy or in a worker process on
 * the user's CPython. Besides running Python cells it is where SQL cells read their
 * {@code {name}} parameters and leave their results. Kernel thread only.
 */
public interface PythonKernel extends Kernel {

    /** A variable as a JDBC parameter value; throws {@link dev.cellar.daemon.sql.SqlCellRunner.ParameterException}. */
    Object sqlParameter(String name);

    /** Makes a query result the variable {@code name}, as a {@code Table}. */
    void bindTable(String name, ResultTable table);
}
