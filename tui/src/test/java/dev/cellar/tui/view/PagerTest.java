package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A long output is cut in the cell view and opened whole in the pager, which scrolls and searches. */
class PagerTest {
    private static final String OUT = IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"))
            + "\n";

    private static TuiState notebook() {
        CellInfo c = cell("aa1111", "for i in range(40): print('line', i + 1)", CellStatus.OK, new Output.Stream("stdout", OUT));
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, List.of(c)))
                .withConnection(true, "").withChatVisible(false);
    }

    @Test
    void theCellViewSaysHowMuchMoreThereIsAndThePagerShowsItAll() throws Exception {
        TuiState s = notebook();
        assertThat(ScreenText.render(s, 80, 24, true)).contains("line 12", "… 28 more lines (o shows them all)")
                .doesNotContain("line 13");
        Pager p = Pager.of("output of cell aa1111", Renderer.wholeOutput(s.selectedCell()));
        String page = ScreenText.render(s.withPager(p), 80, 24, true);
        assertThat(page).contains("output of cell aa1111  line 1 of 40", "line 1\n", "line 21", "q/Esc back")
                .doesNotContain("[0] aa1111");
        String scrolled = ScreenText.render(s.withPager(p.scrolled(30)), 80, 24, true);
        assertThat(scrolled).contains("line 31 of 40", "line 40").doesNotContain("line 30\n");
    }

    @Test
    void searchJumpsToTheNextMatchAndSaysWhenThereIsNone() throws Exception {
        TuiState s = notebook();
        Pager p = Pager.of("output", Renderer.wholeOutput(s.selectedCell())).typing("line 3");
        assertThat(ScreenText.render(s.withPager(p), 80, 24, true)).contains("/line 3");
        Pager found = p.findNext();
        assertThat(found.top()).isEqualTo(2);
        assertThat(found.findNext().top()).as("n: the next match, line 30").isEqualTo(29);
        assertThat(ScreenText.render(s.withPager(found.findNext()), 80, 24, true)).contains("line 30 of 40");
        Pager none = p.typing("nowhere").findNext();
        assertThat(ScreenText.render(s.withPager(none), 80, 24, true)).contains("not found: nowhere");
    }
}
