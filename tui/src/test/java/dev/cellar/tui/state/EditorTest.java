package dev.cellar.tui.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The editor's text operations: pure, so each is checked on the text alone. */
class EditorTest {

    private static Editor at(String code, int row, int col) {
        return Editor.of("a", 1, code).moveTo(row, col);
    }

    @Test
    void wordMotionsStopAtWordEdgesAndCrossLines() {
        Editor e = at("total = price_each * 3\nnext", 0, 0);
        assertThat(e.wordRight()).isEqualTo(new Editor.Pos(0, 5));
        assertThat(e.moveTo(0, 5).wordRight()).as("over ' = ' to the end of price_each").isEqualTo(new Editor.Pos(0, 18));
        assertThat(e.moveTo(0, 22).wordRight()).as("from a line's end: the next line").isEqualTo(new Editor.Pos(1, 0));
        assertThat(e.moveTo(0, 18).wordLeft()).isEqualTo(new Editor.Pos(0, 8));
        assertThat(e.moveTo(1, 0).wordLeft()).isEqualTo(new Editor.Pos(0, 22));
        assertThat(e.wordLeft()).as("nothing before the start").isEqualTo(new Editor.Pos(0, 0));
    }

    @Test
    void typingReplacesTheSelectionAndOneUndoBringsItBack() {
        Editor e = at("x = old_value + 1", 0, 4).selectTo(0, 13);
        assertThat(e.selectedText()).isEqualTo("old_value");
        Editor typed = e.insert("new");
        assertThat(typed.text()).isEqualTo("x = new + 1");
        assertThat(typed.hasSelection()).isFalse();
        assertThat(typed.undoLast().text()).isEqualTo("x = old_value + 1");
    }

    @Test
    void aSelectionAcrossLinesIsDeletedWhole() {
        Editor e = at("one\ntwo\nthree", 0, 1).selectTo(2, 2);
        assertThat(e.selectedText()).isEqualTo("ne\ntwo\nth");
        Editor gone = e.backspace();
        assertThat(gone.text()).isEqualTo("oree");
        assertThat(gone.cursor()).isEqualTo(new Editor.Pos(0, 1));
        assertThat(at("one\ntwo", 1, 3).selectTo(0, 0).delete().text()).as("selected upwards").isEmpty();
    }

    @Test
    void cutWithoutASelectionTakesTheLineAndPastePutsItBackAboveTheCursorsLine() {
        Editor e = at("a = 1\nb = 2\nc = 3", 1, 2);
        Editor.Clip clip = e.clip();
        assertThat(clip).isEqualTo(new Editor.Clip("b = 2\n", true));
        Editor cut = e.cut();
        assertThat(cut.text()).isEqualTo("a = 1\nc = 3");
        Editor pasted = cut.moveTo(0, 3).paste(clip);
        assertThat(pasted.text()).isEqualTo("b = 2\na = 1\nc = 3");
        assertThat(pasted.cursor()).as("the cursor stays on its line").isEqualTo(new Editor.Pos(1, 3));
        assertThat(at("only", 0, 0).cut().text()).isEmpty();
    }

    @Test
    void aSelectionIsCopiedAsItIsAndPastedAtTheCursor() {
        Editor e = at("print(total)", 0, 6).selectTo(0, 11);
        Editor.Clip clip = e.clip();
        assertThat(clip).isEqualTo(new Editor.Clip("total", false));
        assertThat(e.moveTo(0, 12).paste(clip).text()).isEqualTo("print(total)total");
    }

    @Test
    void findSelectsTheNextMatchAndWraps() {
        Editor e = at("x = 1\ny = x + 1\nz = x", 0, 0).startFind().withFind("x");
        Editor first = e.findNext();
        assertThat(first.selection()).containsExactly(new Editor.Pos(0, 0), new Editor.Pos(0, 1));
        Editor second = first.findNext();
        assertThat(second.selection()).containsExactly(new Editor.Pos(1, 4), new Editor.Pos(1, 5));
        Editor third = second.findNext();
        assertThat(third.cursor()).isEqualTo(new Editor.Pos(2, 5));
        assertThat(third.findNext().selection()).as("wraps to the first").containsExactly(new Editor.Pos(0, 0),
                new Editor.Pos(0, 1));
        Editor missing = e.withFind("nowhere").findNext();
        assertThat(missing.found()).isFalse();
        assertThat(missing.cursor()).isEqualTo(e.cursor());
    }

    @Test
    void aSavedEditsUndoGoesOnWhenTheCellStillHoldsWhatWasSaved() {
        Editor edited = Editor.of("a", 1, "x = 1").moveTo(0, 5).insert("0");
        EditMemory memory = EditMemory.NONE.withSaved(edited.rebased(2));
        Editor reopened = memory.reopen(Editor.of("a", 2, "x = 10"));
        assertThat(reopened.undoLast().text()).as("undo across the save").isEqualTo("x = 1");
        assertThat(reopened.baseVersion()).as("saves with the version it was opened at").isEqualTo(2);

        Editor changedSince = memory.reopen(Editor.of("a", 3, "x = 10 # someone else"));
        assertThat(changedSince.undo()).as("never undo into what another writer replaced").isEmpty();
        assertThat(memory.reopen(Editor.of("b", 1, "x = 10")).undo()).as("another cell").isEmpty();
    }
}
