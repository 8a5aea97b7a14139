package dev.cellar.daemon.store;

import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and durably writes notebook files. */
public final class NotebookStore {
    private static final System.Logger LOG = System.getLogger("cellar.store");

    private final AtomicFileWriter writer;
    private final long maxBytes;

    public NotebookStore() {
        this(new AtomicFileWriter());
    }

    public NotebookStore(AtomicFileWriter writer) {
        this(writer, NotebookFiles.maxBytesFromEnvironment());
    }

    public NotebookStore(AtomicFileWriter writer, long maxBytes) {
        this.writer = writer;
        this.maxBytes = maxBytes;
    }

    /** Why this existing file cannot be opened as a notebook, or null. */
    public String refusal(Path path) throws IOException {
        return NotebookFiles.refusal(path, maxBytes);
    }

    /** Whether this existing file's text is a notebook's ({@link PercentFormat#isNotebookText}); read up to the size limit. */
    public boolean holdsNotebook(Path path) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        try {
            return PercentFormat.isNotebookText(Utf8Text.decode(bytes));
        } catch (IOException notUtf8) {
            return false;
        }
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

    /** Reads at most the size limit, even when the file grows or its size lied, so memory stays bounded. */
    public StoredNotebook read(Path path) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw new IOException(NotebookFiles.tooLarge(path, bytes.length, maxBytes));
        }
        return PercentFormat.parse(Utf8Text.decode(bytes));
    }

    /**
     * A save: the version now on disk (for the next save's check) and the bytes of the file it
     * replaced, where an atomic swap could tell them (null: no file was there, or no swap here).
     */
    public record Saved(DiskVersion version, byte[] displaced) {
    }

    /** Writes the notebook durably, by an atomic swap where the platform has one ({@link AtomicFileWriter#replace}). */
    public Saved save(Notebook notebook) throws IOException {
        byte[] content = render(notebook).getBytes(StandardCharsets.UTF_8);
        byte[] displaced = writer.replace(notebook.path(), content);
        return new Saved(DiskVersion.written(notebook.path(), content), displaced);
    }

    /** What is on disk at {@code path} now, or null when nothing is. */
    public DiskVersion current(Path path) throws IOException {
        return DiskVersion.of(path, maxBytes);
    }

    /** Puts bytes the file held before back (after a save that failed once the new file was in place). */
    public DiskVersion restore(Path path, byte[] content) throws IOException {
        writer.write(path, content);
        return DiskVersion.written(path, content);
    }

    /** The notebook in a version read from disk (within the size limit). */
    public StoredNotebook parse(Path path, DiskVersion version) throws IOException {
        return parse(path, version.content());
    }

    public StoredNotebook parse(Path path, byte[] content) throws IOException {
        if (content.length > maxBytes) {
            throw new IOException(NotebookFiles.tooLarge(path, content.length, maxBytes));
        }
        return PercentFormat.parse(Utf8Text.decode(content));
    }

    public static String render(Notebook notebook) {
        List<StoredCell> cells = notebook.cells().stream().map(NotebookStore::stored).toList();
        return PercentFormat.format(new StoredNotebook(notebook.header(), notebook.settings(), cells));
    }

    private static StoredCell stored(Cell cell) {
        return new StoredCell(cell.id(), cell.kind(), cell.code(), cell.out(), cell.markerExtra(), cell.file());
    }
}
