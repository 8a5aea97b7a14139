package dev.cellar.tui.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The cell being edited: its text as lines, the cursor, the selection's other end
 * ({@code mark}, null: nothing selected), undo history, the version the edit started from,
 * (when someone else changed the cell meanwhile) their code, and the text being searched for
 * ({@code find}, null: not searching). Pure: every change returns a new editor.
 */
public record Editor(String cellId, long baseVersion, List<String> lines, int row, int col, List<Editor> undo,
                     String theirs, String theirActor, Pos mark, String find) {

    /** Undo keeps this many steps; older ones are dropped. */
    static final int UNDO_STEPS = 200;

    /** A place in the text: a line and a column in it. */
    public record Pos(int row, int col) implements Comparable<Pos> {
        @Override
        public int compareTo(Pos o) {
            return row != o.row ? Integer.compare(row, o.row) : Integer.compare(col, o.col);
        }
    }

    /** Cut or copied text; {@code wholeLine}: a line taken without a selection, pasted as a line above the cursor's. */
    public record Clip(String text, boolean wholeLine) {
    }

    public Editor {
        lines = List.copyOf(lines);
        undo = List.copyOf(undo);
    }

    public static Editor of(String cellId, long version, String code) {
        return new Editor(cellId, version, split(code), 0, 0, List.of(), null, null, null, null);
    }

    public String text() {
        return String.join("\n", lines);
    }

    public boolean inConflict() {
        return theirs != null;
    }

    public boolean finding() {
        return find != null;
    }

    public Pos cursor() {
        return new Pos(row, col);
    }

    /**
     * {@code actor} null: the daemon knows no writer since it read the file (it was restarted, or opened the
     * notebook again), so the cell's code is the file's.
     */
    public Editor withTheirs(String code, String actor) {
        return new Editor(cellId, baseVersion, lines, row, col, undo, code, actor != null ? actor : "the file", mark,
                find);
    }

    public Editor rebased(long version) {
        return new Editor(cellId, version, lines, row, col, undo, null, null, mark, find);
    }

    /**
     * The same edit continuing an earlier one of this cell, which saved the text this one holds:
     * its undo steps come back (they survive a save).
     */
    public Editor continuing(Editor earlier) {
        return new Editor(cellId, baseVersion, lines, row, col, earlier.undo, theirs, theirActor, mark, find);
    }

    // ---- moving and selecting

    /** Moves the cursor; the selection ends. */
    public Editor moveTo(int newRow, int newCol) {
        return placed(newRow, newCol, null);
    }

    /** Moves the cursor keeping the other end of the selection where it was (where the cursor was, if none). */
    public Editor selectTo(int newRow, int newCol) {
        return placed(newRow, newCol, mark != null ? mark : cursor());
    }

    public Editor selectAll() {
        int last = lines.size() - 1;
        return new Editor(cellId, baseVersion, lines, last, lines.get(last).length(), undo, theirs, theirActor,
                new Pos(0, 0), find);
    }

    public boolean hasSelection() {
        return mark != null && !mark.equals(cursor());
    }

    /** The selection's first place and the place after its last character; null when nothing is selected. */
    public List<Pos> selection() {
        if (!hasSelection()) {
            return null;
        }
        Pos a = mark;
        Pos b = cursor();
        return a.compareTo(b) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    public String selectedText() {
        List<Pos> sel = selection();
        return sel == null ? "" : textBetween(sel.get(0), sel.get(1));
    }

    /** Where the next word ends (a word: letters, digits, {@code _}); from a line's end, the next line's start. */
    public Pos wordRight() {
        String line = lines.get(row);
        if (col >= line.length()) {
            return row + 1 < lines.size() ? new Pos(row + 1, 0) : cursor();
        }
        int c = col;
        while (c < line.length() && !word(line.charAt(c))) {
            c++;
        }
        while (c < line.length() && word(line.charAt(c))) {
            c++;
        }
        return new Pos(row, c);
    }

    /** Where the word before the cursor starts; from a line's start, the previous line's end. */
    public Pos wordLeft() {
        if (col == 0) {
            return row > 0 ? new Pos(row - 1, lines.get(row - 1).length()) : cursor();
        }
        String line = lines.get(row);
        int c = Math.min(col, line.length());
        while (c > 0 && !word(line.charAt(c - 1))) {
            c--;
        }
        while (c > 0 && word(line.charAt(c - 1))) {
            c--;
        }
        return new Pos(row, c);
    }

    // ---- changing the text (each change is one undo step)

    /** Inserts text at the cursor (newlines split lines), replacing the selection if there is one. */
    public Editor insert(String text) {
        Editor base = hasSelection() ? removed(selection()) : this;
        List<String> next = new ArrayList<>(base.lines);
        String line = next.get(base.row);
        String merged = line.substring(0, base.col) + text + line.substring(base.col);
        String[] parts = merged.split("\n", -1);
        next.set(base.row, parts[0]);
        for (int i = 1; i < parts.length; i++) {
            next.add(base.row + i, parts[i]);
        }
        int lastLen = parts[parts.length - 1].length() - (line.length() - base.col);
        int newRow = base.row + parts.length - 1;
        int newCol = parts.length == 1 ? base.col + text.length() : lastLen;
        return changed(next, newRow, newCol);
    }

    public Editor backspace() {
        if (hasSelection()) {
            return deleteSelection();
        }
        if (col == 0 && row == 0) {
            return this;
        }
        List<String> next = new ArrayList<>(lines);
        if (col > 0) {
            String line = next.get(row);
            next.set(row, line.substring(0, col - 1) + line.substring(col));
            return changed(next, row, col - 1);
        }
        String prev = next.get(row - 1);
        next.set(row - 1, prev + next.remove(row));
        return changed(next, row - 1, prev.length());
    }

    public Editor delete() {
        if (hasSelection()) {
            return deleteSelection();
        }
        String line = lines.get(row);
        if (col < line.length()) {
            List<String> next = new ArrayList<>(lines);
            next.set(row, line.substring(0, col) + line.substring(col + 1));
            return changed(next, row, col);
        }
        if (row + 1 < lines.size()) {
            List<String> next = new ArrayList<>(lines);
            next.set(row, line + next.remove(row + 1));
            return changed(next, row, col);
        }
        return this;
    }

    public Editor deleteSelection() {
        if (!hasSelection()) {
            return this;
        }
        Editor e = removed(selection());
        return changed(e.lines, e.row, e.col);
    }

    /** What a cut or a copy takes: the selection, or the cursor's whole line when nothing is selected. */
    public Clip clip() {
        return hasSelection() ? new Clip(selectedText(), false) : new Clip(lines.get(row) + "\n", true);
    }

    /** Removes what {@link #clip} takes. */
    public Editor cut() {
        if (hasSelection()) {
            return deleteSelection();
        }
        List<String> next = new ArrayList<>(lines);
        next.remove(row);
        if (next.isEmpty()) {
            next.add("");
        }
        int r = Math.min(row, next.size() - 1);
        return changed(next, r, Math.min(col, next.get(r).length()));
    }

    /** Pastes at the cursor (over the selection); a whole line goes above the cursor's line, as it was taken. */
    public Editor paste(Clip clip) {
        if (clip == null || clip.text().isEmpty()) {
            return this;
        }
        if (clip.wholeLine() && !hasSelection()) {
            Editor atStart = moveTo(row, 0);
            Editor pasted = atStart.insert(clip.text());
            return new Editor(cellId, baseVersion, pasted.lines, pasted.row, Math.min(col, pasted.lines.get(pasted.row)
                    .length()), pasted.undo, theirs, theirActor, null, find);
        }
        return insert(clip.text());
    }

    public Editor undoLast() {
        if (undo.isEmpty()) {
            return this;
        }
        Editor prev = undo.getLast();
        return new Editor(cellId, baseVersion, prev.lines, prev.row, prev.col, undo.subList(0, undo.size() - 1), theirs,
                theirActor, null, find);
    }

    /** Replaces the text (take theirs, show both), keeping undo. */
    public Editor replaced(String code, long version) {
        return new Editor(cellId, version, split(code), 0, 0, pushUndo(), null, null, null, find);
    }

    // ---- finding

    /** Starts a search (the query starts empty). */
    public Editor startFind() {
        return new Editor(cellId, baseVersion, lines, row, col, undo, theirs, theirActor, mark, "");
    }

    public Editor stopFind() {
        return new Editor(cellId, baseVersion, lines, row, col, undo, theirs, theirActor, mark, null);
    }

    public Editor withFind(String query) {
        return new Editor(cellId, baseVersion, lines, row, col, undo, theirs, theirActor, mark, query);
    }

    /**
     * Selects the next place the query occurs after the cursor, wrapping at the end (the
     * same place again when it is the only one); unchanged when it occurs nowhere.
     */
    public Editor findNext() {
        if (find == null || find.isEmpty()) {
            return this;
        }
        String all = text();
        int from = offset(cursor());
        int at = all.indexOf(find, from);
        if (at < 0) {
            at = all.indexOf(find);
        }
        if (at < 0) {
            return this;
        }
        Pos start = pos(at);
        Pos end = pos(at + find.length());
        return new Editor(cellId, baseVersion, lines, end.row, end.col, undo, theirs, theirActor, start, find);
    }

    /** Whether the query occurs in the text. */
    public boolean found() {
        return find != null && !find.isEmpty() && text().contains(find);
    }

    // ---- inside

    private Editor placed(int newRow, int newCol, Pos newMark) {
        int r = Math.max(0, Math.min(newRow, lines.size() - 1));
        int c = Math.max(0, Math.min(newCol, lines.get(r).length()));
        return new Editor(cellId, baseVersion, lines, r, c, undo, theirs, theirActor, newMark, find);
    }

    /** The text without the range, cursor at its start; no undo step (the caller makes one). */
    private Editor removed(List<Pos> range) {
        Pos a = range.get(0);
        Pos b = range.get(1);
        List<String> next = new ArrayList<>(lines.subList(0, a.row));
        next.add(lines.get(a.row).substring(0, a.col) + lines.get(b.row).substring(b.col));
        next.addAll(lines.subList(b.row + 1, lines.size()));
        return new Editor(cellId, baseVersion, next, a.row, a.col, undo, theirs, theirActor, null, find);
    }

    private Editor changed(List<String> next, int newRow, int newCol) {
        return new Editor(cellId, baseVersion, next, newRow, newCol, pushUndo(), theirs, theirActor, null, find);
    }

    private String textBetween(Pos a, Pos b) {
        return text().substring(offset(a), offset(b));
    }

    private int offset(Pos p) {
        int at = 0;
        for (int r = 0; r < p.row; r++) {
            at += lines.get(r).length() + 1;
        }
        return at + p.col;
    }

    private Pos pos(int offset) {
        int r = 0;
        int left = offset;
        while (r < lines.size() - 1 && left > lines.get(r).length()) {
            left -= lines.get(r).length() + 1;
            r++;
        }
        return new Pos(r, left);
    }

    /** This state as an undo step (without its own history). */
    private Editor step() {
        return new Editor(cellId, baseVersion, lines, row, col, List.of(), null, null, null, null);
    }

    private List<Editor> pushUndo() {
        List<Editor> next = new ArrayList<>(undo);
        next.add(step());
        return trimmed(next);
    }

    private static List<Editor> trimmed(List<Editor> steps) {
        return steps.size() > UNDO_STEPS ? steps.subList(steps.size() - UNDO_STEPS, steps.size()) : steps;
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static List<String> split(String code) {
        return List.of(code.split("\n", -1));
    }
}
