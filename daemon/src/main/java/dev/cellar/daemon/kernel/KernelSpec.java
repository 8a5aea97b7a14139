package dev.cellar.daemon.kernel;

import java.nio.file.Path;

/**
 * What a notebook's kernel is made from: where the notebook lives, the Python it runs on,
 * which database its SQL cells use ({@code sqlUrl} null: the default), how many rows a
 * table output keeps, the most rows a query result may hold, and the memory limit of a
 * worker process in bytes (zero: none), what confines its cells, and the variables a confined
 * worker gets beyond the allow list ({@code env=}, see {@link WorkerEnvironment}), and the named
 * connections an SQL cell may name in its marker line ({@code conns=}, confirmed).
 */
public record KernelSpec(Path notebookFile, Interpreter interpreter, String sqlUrl, boolean duckdbFile, int previewRows,
                         long maxRows, long memoryLimit, Confinement confinement, java.util.List<String> env,
                         java.util.List<String> conns) {

    public KernelSpec {
        env = java.util.List.copyOf(env);
        conns = java.util.List.copyOf(conns);
    }

    public KernelSpec(Path notebookFile, Interpreter interpreter, String sqlUrl, boolean duckdbFile, int previewRows,
                      long maxRows, long memoryLimit, Confinement confinement, java.util.List<String> env) {
        this(notebookFile, interpreter, sqlUrl, duckdbFile, previewRows, maxRows, memoryLimit, confinement, env,
                java.util.List.of());
    }

    public Path folder() {
        return notebookFile.toAbsolutePath().getParent();
    }
}
