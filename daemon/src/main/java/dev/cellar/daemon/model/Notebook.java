package dev.cellar.daemon.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A notebook, immutable: the cells in order, the file's header (kept verbatim) and its
 * settings. {@code revision} counts mutations of its content since it was opened.
 */
public record Notebook(Path path, String header, Settings settings, long revision, List<Cell> cells) {
    public Notebook {
        cells = List.copyOf(cells);
    }

    public int indexOf(String cellId) {
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).id().equals(cellId)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<Cell> cell(String cellId) {
        int i = indexOf(cellId);
        return i < 0 ? Optional.empty() : Optional.of(cells.get(i));
    }

    /** Same content, other run state: no new revision, nothing to save. */
    public Notebook withCellState(String cellId, UnaryOperator<Cell> change) {
        int i = indexOf(cellId);
        List<Cell> next = new ArrayList<>(cells);
        next.set(i, change.apply(cells.get(i)));
        return new Notebook(path, header, settings, revision, next);
    }

    /** A new revision in which one cell's source is changed. */
    public Notebook withCell(String cellId, UnaryOperator<Cell> change) {
        List<Cell> next = new ArrayList<>(cells);
        int i = indexOf(cellId);
        next.set(i, change.apply(cells.get(i)));
        return revise(next);
    }

    /** A new revision with these cells. */
    public Notebook revise(List<Cell> newCells) {
        return new Notebook(path, header, settings, revision + 1, newCells);
    }
}
