package dev.cellar.tui.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The cell being edited: its text as lines, the cursor, undo history, the version the
 * edit started from, and (when someone else changed the cell meanwhile) their code.
 */
public record Editor(String cellId, long baseVersion, List<String> lines, int row, int col, List<Editor> undo,
                     String theirs, String theirActor) {

    public Editor {
        lines = List.copyOf(lines);
        undo = List.copyOf(undo);
    }

    public static Editor of(String cellId, long version, String code) {
        return new Editor(cellId, version, List.of(code.split("\n", -1)), 0, 0, List.of(), null, null);
    }

    public String text() {
        return String.join("\n", lines);
    }

    public boolean inConflict() {
        return theirs != null;
    }

    /**
     * {@code actor} null: the daemon knows no writer since it read the file (it was restarted, or opened the
     * notebook again), so the cell's code is the file's.
     */
    public Editor withTheirs(String code, String actor) {
        return new Editor(cellId, baseVersion, lines, row, col, undo, code, actor != null ? actor : "the file");
    }

    public Editor rebased(long version) {
        return new Editor(cellId, version, lines, row, col, undo, null, null);
    }

    public Editor moveTo(int newRow, int newCol) {
        int r = Math.max(0, Math.min(newRow, lines.size() - 1));
        int c = Math.max(0, Math.min(newCol, lines.get(r).length()));
        return new Editor(cellId, baseVersion, lines, r, c, undo, theirs, theirActor);
    }

    /** Inserts text at the cursor (newlines split lines), remembering the state before for undo. */
    public Editor insert(String text) {
        List<String> next = new ArrayList<>(lines);
        String line = next.get(row);
        String merged = line.substring(0, col) + text + line.substring(col);
        String[] parts = merged.split("\n", -1);
        next.set(row, parts[0]);
        for (int i = 1; i < parts.length; i++) {
            next.add(row + i, parts[i]);
        }
        int lastLen = parts[parts.length - 1].length() - (line.length() - col);
        int newRow = row + parts.length - 1;
        int newCol = parts.length == 1 ? col + text.length() : lastLen;
        return new Editor(cellId, baseVersion, next, newRow, newCol, pushUndo(), theirs, theirActor);
    }

    public Editor backspace() {
        if (col == 0 && row == 0) {
            return this;
        }
        List<String> next = new ArrayList<>(lines);
        if (col > 0) {
            String line = next.get(row);
            next.set(row, line.substring(0, col - 1) + line.substring(col));
            return new Editor(cellId, baseVersion, next, row, col - 1, pushUndo(), theirs, theirActor);
        }
        String prev = next.get(row - 1);
        next.set(row - 1, prev + next.remove(row));
        return new Editor(cellId, baseVersion, next, row - 1, prev.length(), pushUndo(), theirs, theirActor);
    }

    public Editor delete() {
        String line = lines.get(row);
        if (col < line.length()) {
            List<String> next = new ArrayList<>(lines);
            next.set(row, line.substring(0, col) + line.substring(col + 1));
            return new Editor(cellId, baseVersion, next, row, col, pushUndo(), theirs, theirActor);
        }
        if (row + 1 < lines.size()) {
            List<String> next = new ArrayList<>(lines);
            next.set(row, line + next.remove(row + 1));
            return new Editor(cellId, baseVersion, next, row, col, pushUndo(), theirs, theirActor);
        }
        return this;
    }

    public Editor undoLast() {
        if (undo.isEmpty()) {
            return this;
        }
        Editor prev = undo.getLast();
        return new Editor(cellId, baseVersion, prev.lines, prev.row, prev.col, undo.subList(0, undo.size() - 1), theirs,
                theirActor);
    }

    /** Replaces the text (take theirs, show both), keeping undo. */
    public Editor replaced(String code, long version) {
        return new Editor(cellId, version, List.of(code.split("\n", -1)), 0, 0, pushUndo(), null, null);
    }

    private List<Editor> pushUndo() {
        List<Editor> next = new ArrayList<>(undo.size() > 200 ? undo.subList(undo.size() - 200, undo.size()) : undo);
        next.add(new Editor(cellId, baseVersion, lines, row, col, List.of(), null, null));
        return next;
    }
}
