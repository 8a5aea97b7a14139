package dev.cellar.tui.state;

import dev.cellar.protocol.model.CellInfo;
import java.util.List;
import java.util.Set;

/**
 * The notebook as this UI last heard of it, and where the person is in it: the cells, the
 * selected one, the cells others changed since the person last looked at them, and what
 * the kernel is and may do (null before the first snapshot).
 */
public record NotebookView(String path, String notebookId, long revision, List<CellInfo> cells, int selected,
                           Set<String> changedByOthers,
                           dev.cellar.protocol.model.KernelInfo kernel) {

    public NotebookView {
        cells = List.copyOf(cells);
        changedByOthers = Set.copyOf(changedByOthers);
    }

    static NotebookView empty(String path) {
        return new NotebookView(path, null, 0, List.of(), 0, Set.of(), null);
    }

    /** The selection moved (kept in range): the cell moved to counts as seen. */
    NotebookView select(int index) {
        int i = cells.isEmpty() ? 0 : Math.max(0, Math.min(index, cells.size() - 1));
        Set<String> seen = cells.isEmpty() ? changedByOthers : minus(changedByOthers, cells.get(i).id());
        return new NotebookView(path, notebookId, revision, cells, i, seen, kernel);
    }

    /** New cells (an event): the selection stays in range; marks are as given, even on the selected cell. */
    NotebookView withCells(List<CellInfo> next, long rev, Set<String> changed) {
        int i = next.isEmpty() ? 0 : Math.max(0, Math.min(selected, next.size() - 1));
        return new NotebookView(path, notebookId, rev, next, i, changed, kernel);
    }

    NotebookView withNotebook(String id, long rev, List<CellInfo> next, dev.cellar.protocol.model.KernelInfo kernelInfo) {
        return new NotebookView(path, id, rev, next, selected, changedByOthers, kernelInfo).select(selected);
    }

    private static Set<String> minus(Set<String> set, String id) {
        if (!set.contains(id)) {
            return set;
        }
        java.util.HashSet<String> next = new java.util.HashSet<>(set);
        next.remove(id);
        return next;
    }
}
