package dev.cellar.daemon.kernel;

import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.execution.TableQuery;
import java.util.Set;

/**
 * Runs cells and holds their variables. {@link #execute} and {@link #clear} are called on
 * the notebook's kernel thread only, one at a time; {@link #interrupt} may be called from
 * any thread while a cell runs. {@link NotebookKernel} is the real one (Python in a worker
 * process, SQL on the notebook's database); tests drive the scheduler with a scripted double.
 */
public interface Kernel extends AutoCloseable {

    /** Runs one cell; stdout/stderr go to {@code sink} while it runs. Never throws for user errors. */
    ExecutionResult execute(CellRun cell, OutputSink sink);

    /** Removes these variables (between cells: a deleted cell's names, or a cell's old names before it re-runs). */
    void clear(Set<String> names);

    /** Sets variables from JSON texts (a batch run's parameters), between cells. */
    void assign(java.util.Map<String, String> jsonValues);

    /** Gets ready to run cells (starts a worker); kernel thread. */
    default void warmUp() {
    }

    /** Gets ready to run this cell: starts what it needs and nothing else; kernel thread. */
    default void warmUp(CellRun cell) {
    }

    /**
     * Starts, in the background, what a new kernel like this one would start first (a spare
     * worker), so the next batch run, which restarts the kernel, does not wait for it; harmless
     * where there is nothing to start ahead. Kernel thread.
     */
    default void keepSpare() {
    }

    /**
     * A page of a table this kernel keeps for a cell's output ({@link TableQuery#handle} as the
     * kernel gave it). Kernel thread, between cells, unless {@link #readsAnyTime}. Throws
     * {@link TableQuery#gone} for a table it no longer keeps.
     */
    default dev.cellar.protocol.method.TableRows tableRows(TableQuery query) {
        throw TableQuery.gone("this kernel keeps no tables");
    }

    /** These cells were deleted or edited: the tables kept for their outputs go. Kernel thread, between cells. */
    default void dropTables(Set<String> cellIds) {
    }

    /** Whether this handle's rows may be read on any thread, while a cell runs (the daemon's own spool of a query). */
    default boolean readsAnyTime(String handle) {
        return false;
    }

    /** Stops the running cell soon; harmless when none runs. */
    void interrupt();

    /**
     * The tables (and one table's columns) of the notebook's SQL connection, or of {@code conn} (as a cell's
     * {@code conn=} names it; null: the notebook's); on the kernel thread, like every use.
     */
    default dev.cellar.daemon.sql.Catalog.Listing catalog(String conn, String schema, String table) throws java.sql.SQLException {
        throw new UnsupportedOperationException("this kernel has no SQL connection");
    }

    @Override
    void close();
}
