package dev.cellar.daemon.kernel;

import java.nio.file.Path;

/**
 * What a notebook's kernel is made from: where the notebook lives, which database its SQL
 * cells use ({@code sqlUrl} null: the default), how many rows a table output keeps, and
 * the most rows a query result may hold.
 */
public record KernelSpec(Path notebookFile, String sqlUrl, boolean duckdbFile, int previewRows, long maxRows) {

    public Path folder() {
        return notebookFile.toAbsolutePath().getParent();
    }
}
