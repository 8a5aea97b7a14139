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

    /**
     * The variable {@code name} as a table for an SQL cell's {@code FROM name}, checked
     * ({@link FrameTransfer}); null when it is no variable or not a DataFrame, Arrow table or
     * Table. Throws {@link dev.cellar.daemon.sql.Frame.Refused} for one too large (over
     * {@code maxBytes}) or malformed.
     */
    dev.cellar.daemon.sql.Frame sqlFrame(String name, long maxBytes);

    /** A page of a table value a Python cell showed (outputs.py keeps the last one of each cell). */
    @Override
    dev.cellar.protocol.method.TableRows tableRows(TableQuery query);

    /** Makes a query result the variable {@code name}, as a {@code Table}. */
    void bindTable(String name, ResultTable table);
}
