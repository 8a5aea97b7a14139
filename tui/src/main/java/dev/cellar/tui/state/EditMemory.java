package dev.cellar.tui.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What the editor keeps from one edit to the next: the clipboard (cut, copy, paste between
 * cells), and each cell's last saved edit, so that undo goes on across saves of the same
 * cell. A saved edit is continued only while the cell still holds exactly what was saved:
 * once anyone else changed it, undoing into the older text would silently drop their change.
 */
public record EditMemory(Editor.Clip clip, List<Editor> saved) {
    /** Cells whose saved edits are kept (the oldest forgotten first). */
    static final int CELLS_KEPT = 32;

    public static final EditMemory NONE = new EditMemory(null, List.of());

    public EditMemory {
        saved = List.copyOf(saved);
    }

    public EditMemory withClip(Editor.Clip c) {
        return new EditMemory(c, saved);
    }

    /** The edit as it was saved, newest last. */
    public EditMemory withSaved(Editor e) {
        List<Editor> next = new ArrayList<>(saved.stream().filter(x -> !x.cellId().equals(e.cellId())).toList());
        next.add(e.stopFind().moveTo(e.row(), e.col()));
        return new EditMemory(clip, next.size() > CELLS_KEPT ? next.subList(next.size() - CELLS_KEPT, next.size()) : next);
    }

    /** A fresh editor, continuing the cell's last saved edit when the cell's code is still what that edit saved. */
    public Editor reopen(Editor fresh) {
        Editor last = saved.stream().filter(x -> x.cellId().equals(fresh.cellId())).findFirst().orElse(null);
        if (last == null || !last.text().equals(fresh.text())) {
            return fresh;
        }
        return fresh.continuing(last).moveTo(last.row(), last.col());
    }
}
