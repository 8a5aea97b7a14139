package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL and markdown cells created (from this UI or another client) show their kind, result name and content. */
class CellKindsTest {

    private static CellInfo of(String id, CellKind kind, String code, String out) {
        return new CellInfo(id, kind, code, 1, CellStatus.IDLE, List.of(), List.of(), List.of(), null, out, "user:tui", null);
    }

    @Test
    void createdSqlAndMarkdownCellsShowTheirKindAndContent() throws Exception {
        TuiState s = Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 1, 0,
                List.of(cell("aa1111", "low = 100", CellStatus.OK)))).withConnection(true, "").withChatVisible(false);
        s = Reducer.apply(s, new Event.CellCreated(new Event.Meta("nb1", 2, "user:tui", null), of("bb2222", CellKind.SQL, "SELECT * FROM sales WHERE amount > {low}", "big"), 1, 2), "user:tui");
        s = Reducer.apply(s, new Event.CellCreated(new Event.Meta("nb1", 3, "user:tui", null), of("cc3333", CellKind.MARKDOWN, "## Notes\n- *north* first", null), 2, 3), "user:tui");
        String screen = ScreenText.render(s, 80, 24, true);
        assertThat(screen).contains("[1] bb2222 sql · idle  -> big", "SELECT * FROM sales WHERE amount > {low}",
                "[2] cc3333 markdown · idle", "    Notes", "    • north first").doesNotContain("## Notes");
    }

    @Test
    void aNewEmptyMarkdownCellOpensInTheEditor() throws Exception {
        TuiState s = Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 1, 0,
                List.of(of("mm1111", CellKind.MARKDOWN, "", null)))).withConnection(true, "").withChatVisible(false);
        String screen = ScreenText.render(s.withEditor(Editor.of("mm1111", 1, "%%sql big <<")), 80, 24, true);
        assertThat(screen).contains("[0] mm1111 markdown", "> %%sql big <<");
    }

    @Test
    void aRawCellShowsItsTextAsItIsAndIsNotMarkdown() throws Exception {
        TuiState s = Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 1, 0,
                List.of(of("rr1111", CellKind.RAW, "---\ntitle: \"Report\"\n## not a heading", null))))
                .withConnection(true, "").withChatVisible(false);
        String screen = ScreenText.render(s, 80, 24, true);
        assertThat(screen).contains("[0] rr1111 raw · idle", "---", "title: \"Report\"", "## not a heading");
        assertThat(Syntax.line("## not a heading", CellKind.RAW)).singleElement()
                .satisfies(span -> assertThat(span.bold()).isFalse());
    }
}
