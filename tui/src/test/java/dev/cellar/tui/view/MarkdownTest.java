package dev.cellar.tui.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
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

/** Markdown cells are rendered (headings, emphasis, lists, code, links, tables); editing shows the source. */
class MarkdownTest {
    private static final String SOURCE = """
            # Sales report
            Numbers are *preliminary* and **final** on `Friday`; see [the wiki](https://wiki.example/sales).

            - north
            - south
              1. first
              2. second

            | region | total |
            |---|---|
            | north | 160 |

            ```python
            x = 1
            ```
            """;

    private static TuiState notebook() {
        CellInfo md = new CellInfo("mm1111", CellKind.MARKDOWN, SOURCE.strip(), 1, CellStatus.IDLE, List.of(), List.of(),
                List.of(), null, null, null, null);
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0, List.of(md)))
                .withConnection(true, "").withChatVisible(false);
    }

    @Test
    void theCellShowsRenderedMarkdownNotItsSource() throws Exception {
        DefaultVirtualTerminal vt = ScreenText.terminal(notebook(), 120, 30, new Renderer(new Glyphs(true)));
        String screen = ScreenText.text(vt);
        assertThat(screen).contains("    Sales report\n", "━━━━━━━━━━━━",
                "Numbers are preliminary and final on Friday; see the wiki <https://wiki.example/sales>.",
                "    • north", "    • south", "      1. first", "      2. second",
                "    region | total", "    -------+------", "    north  | 160",
                "      x = 1")
                .doesNotContain("# Sales", "*preliminary*", "**final**", "`Friday`", "](", "```");
        List<String> rows = screen.lines().toList();
        int heading = rows.indexOf("    Sales report");
        assertThat(vt.getCharacter(4, heading).getModifiers()).contains(SGR.BOLD);
        int para = rows.stream().filter(r -> r.contains("preliminary")).findFirst().map(rows::indexOf).orElseThrow();
        int col = rows.get(para).indexOf("preliminary");
        assertThat(vt.getCharacter(col, para).getForegroundColor()).isEqualTo(TextColor.ANSI.CYAN);
        assertThat(vt.getCharacter(rows.get(para).indexOf("final"), para).getModifiers()).contains(SGR.BOLD);
    }

    @Test
    void longProseWrapsAtWordsWithinTheWidth() throws Exception {
        String screen = ScreenText.text(ScreenText.terminal(notebook(), 40, 30, new Renderer(new Glyphs(true))));
        assertThat(screen.lines()).allMatch(l -> l.length() <= 40);
        assertThat(screen).contains("    Numbers are preliminary and final on\n");
    }

    @Test
    void editingShowsTheSource() throws Exception {
        TuiState s = notebook();
        TuiState editing = s.withEditor(Editor.of("mm1111", 1, SOURCE.strip()));
        assertThat(ScreenText.render(editing, 100, 30, true)).contains("> # Sales report", "*preliminary*", "| region | total |");
    }
}
