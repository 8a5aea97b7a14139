package dev.cellar.daemon.store;

import dev.cellar.daemon.notebook.Cell;
import dev.cellar.daemon.notebook.Notebook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and durably writes notebook files. */
public final class NotebookStore {
    private static final System.Logger LOG = System.getLogger("cellar.store");

    private final AtomicFileWriter writer;

    public NotebookStore() {
        this(new AtomicFileWriter());
    }

    public NotebookStore(AtomicFileWriter writer) {
        this.writer = writer;
    }

    /**
     * Deletes what saves of this notebook that a crash interrupted left beside it. Only for
     * the moment its one writer starts; failing to tidy up never stops the notebook opening.
     */
    public void removeStaleTemps(Path path) {
        try {
            AtomicFileWriter.removeStaleTemps(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove stale temp files beside " + path, e);
        }
    }

    public StoredNotebook read(Path path) throws IOException {
        return PercentFormat.parse(Utf8Text.decode(Files.readAllBytes(path)));
    }

    public void save(Notebook notebook) throws IOException {
        writer.write(notebook.path(), render(notebook).getBytes(StandardCharsets.UTF_8));
    }

    public static String render(Notebook notebook) {
        List<StoredCell> cells = notebook.cells().stream().map(NotebookStore::stored).toList();
        return PercentFormat.format(new StoredNotebook(notebook.header(), notebook.settings(), cells));
    }

    private static StoredCell stored(Cell cell) {
        return new StoredCell(cell.id(), cell.kind(), cell.code(), cell.out(), cell.markerExtra());
    }
}
