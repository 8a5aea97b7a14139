package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.method.TableRowsParams;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.input.Keymap;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table viewer without a daemon: keys ask for the rows they bring into view, answers
 * (played here as the daemon would give them) fill the window, and the screen shows the
 * shape, types, a pinned first column and right-aligned numbers.
 */
class TableViewerTest {
    static final List<Output.Column> COLUMNS = new ArrayList<>();

    static {
        COLUMNS.add(new Output.Column("id", "int64"));
        for (int j = 1; j <= 30; j++) {
            COLUMNS.add(new Output.Column("feature_" + j, "float64"));
        }
        COLUMNS.add(new Output.Column("label", "object"));
    }

    /** What the daemon would answer: row i has id 1000+i, feature_j = i*j/10, label "row i" (sorted descending by id when asked). */
    static TableRows answer(TableRowsParams p, long total) {
        List<List<Object>> rows = new ArrayList<>();
        for (long k = p.offset(); k < Math.min(total, p.offset() + p.limit()); k++) {
            long i = p.descending() ? total - 1 - k : k;
            List<Object> r = new ArrayList<>();
            r.add(1000 + i);
            for (int j = 1; j <= 30; j++) {
                r.add(i * j / 10.0);
            }
            r.add("row " + i);
            rows.add(r);
        }
        return new TableRows(p.handle(), COLUMNS, total, total, p.offset(), rows);
    }

    private static TuiState notebook() {
        Output.Table preview = answerAsTable(new TableRowsParams("nb1", "t1", 0, 10, null, false, null, "1.py:1"));
        return Reducer.snapshot(TuiState.empty("demo.py"), new NotebookSnapshot("nb1", "/tmp/demo.py", 7, 0,
                List.of(cell("t1", "df", CellStatus.OK, preview)))).withConnection(true, "");
    }

    private static Output.Table answerAsTable(TableRowsParams p) {
        TableRows r = answer(p, 1_000_000);
        return new Output.Table(r.columns(), r.rows(), 1_000_000, null, "1.py:1");
    }

    /** The key, then every request it makes answered as the daemon would (answers may ask again). */
    private static TuiState press(TuiState s, KeyStroke k, List<TableRowsParams> asked) {
        return settle(Keymap.dispatch(s, k, 20), asked);
    }

    private static TuiState settle(Step step, List<TableRowsParams> asked) {
        TuiState s = step.state();
        for (Effect.Request r : step.requests()) {
            assertThat(r.method()).isEqualTo(Methods.TABLE_ROWS);
            TableRowsParams p = (TableRowsParams) r.params();
            asked.add(p);
            s = settle(r.onOk().apply(s, Json.MAPPER.valueToTree(answer(p, 1_000_000))), asked);
        }
        return s;
    }

    @Test
    void yCopiesTheRowsOnScreenWithTheHeaderAsTabSeparatedText() throws Exception {
        List<TableRowsParams> asked = new ArrayList<>();
        TuiState s = press(notebook(), new KeyStroke('v', false, false), asked);
        s = press(s, new KeyStroke(KeyType.PageDown), asked);
        Step copy = Keymap.dispatch(s, new KeyStroke('y', false, false), 20);
        Effect.Clipboard sent = (Effect.Clipboard) copy.effects().getFirst();
        String[] lines = sent.text().split("\n");
        assertThat(lines[0]).startsWith("id\tfeature_1\t").endsWith("\tlabel");
        assertThat(lines).as("the header and one screen of rows, not the million behind them").hasSize(21);
        long top = copy.state().table().top();
        assertThat(lines[1]).startsWith((1000 + top) + "\t").endsWith("\trow " + top);
        assertThat(copy.state().table().note()).contains("copied rows " + (top + 1) + "–" + (top + 20));
    }

    @Test
    void aMillionRowTablePagesOnDemandWithItsFirstColumnPinned() throws Exception {
        List<TableRowsParams> asked = new ArrayList<>();
        String inline = ScreenText.render(notebook().withChatVisible(false), 80, 24, true);
        assertThat(inline).contains("(8 of 1,000,000 rows", "of 32 columns shown · v: view them all)");

        TuiState s = press(notebook(), new KeyStroke('v', false, false), asked);
        assertThat(s.mode()).isEqualTo(Mode.TABLE);
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().offset()).isZero();
        assertThat(asked.getFirst().limit()).isEqualTo(1000);
        String first = ScreenText.render(s, 80, 24, true);
        assertThat(first).contains("table of cell t1  rows 1–19 of 1,000,000 × 32 columns");
        assertThat(first.lines().filter(l -> l.contains("row 0") || l.matches(".*\\b1000 .*")).findFirst()).isPresent();

        s = press(s, new KeyStroke(KeyType.End), asked);
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1).offset()).isGreaterThan(990_000);
        String last = ScreenText.render(s, 80, 24, true);
        assertThat(last).contains("of 1,000,000", "1000999").doesNotContain("…\n");
        s = press(s, new KeyStroke(KeyType.PageUp), asked);
        assertThat(asked).as("a page up is served from the rows already here").hasSize(2);

        for (int i = 0; i < 25; i++) { // to feature_25: columns scroll, the id stays
            s = press(s, new KeyStroke(KeyType.ArrowRight), asked);
        }
        String right = ScreenText.render(s, 80, 24, true);
        assertThat(right).contains("id", "feature_25").doesNotContain("feature_1 ");
        String row = right.lines().filter(l -> l.contains("100097")).findFirst().orElseThrow();
        assertThat(row.indexOf("100097")).as("the pinned id column").isLessThan(12);
        assertThat(right.lines().filter(l -> l.contains("int64")).findFirst()).isPresent(); // dtypes under the names

        s = press(s, new KeyStroke('s', false, false), asked);
        assertThat(asked.getLast().sort()).isEqualTo("feature_25");
        assertThat(asked.getLast().descending()).isFalse();
        s = press(s, new KeyStroke('s', false, false), asked);
        assertThat(asked.getLast().descending()).isTrue();
        assertThat(ScreenText.render(s, 80, 24, true)).contains("sorted by feature_25 ↓", "1000999 │");

        s = press(s, new KeyStroke('/', false, false), asked);
        assertThat(s.mode()).isEqualTo(Mode.TABLE_SEARCH);
        for (char c : "row 7".toCharArray()) {
            s = press(s, new KeyStroke(c, false, false), asked);
        }
        s = press(s, new KeyStroke(KeyType.Enter), asked);
        assertThat(asked.getLast().search()).isEqualTo("row 7");
        assertThat(asked.getLast().offset()).isZero();
        assertThat(s.mode()).isEqualTo(Mode.TABLE);

        Step save = Keymap.dispatch(s, new KeyStroke('w', false, false), 20);
        Effect.SaveRows rows = (Effect.SaveRows) save.effects().getFirst();
        assertThat(rows.file().getFileName().toString()).isEqualTo("demo.t1.csv"); // beside the notebook
        assertThat(rows.first().search()).isEqualTo("row 7");
        assertThat(rows.first().descending()).isTrue();

        TuiState back = press(s, new KeyStroke('q', false, false), asked);
        assertThat(back.mode()).isEqualTo(Mode.NAVIGATE);
        // o on a cell whose output is a table opens the viewer too (the pager would show only the preview)
        assertThat(press(back, new KeyStroke('o', false, false), asked).mode()).isEqualTo(Mode.TABLE);
    }

    @Test
    void numbersAreRightAlignedAndAnAnswerForAnOlderViewIsDropped() throws Exception {
        List<TableRowsParams> asked = new ArrayList<>();
        TuiState s = press(notebook(), new KeyStroke('v', false, false), asked);
        for (int i = 0; i < 90; i++) {
            s = press(s, new KeyStroke('j', false, false), asked);
        }
        String screen = ScreenText.render(s, 100, 24, true);
        String r99 = screen.lines().filter(l -> l.contains("1099")).findFirst().orElseThrow();
        String r100 = screen.lines().filter(l -> l.contains("1100")).findFirst().orElseThrow();
        assertThat(r99.indexOf("9.9") + 3).as("feature_1: 9.9 and 10.0 end in the same column")
                .isEqualTo(r100.indexOf("10.0") + 4);
        assertThat(asked).as("ninety rows down are served from the first page").hasSize(1);

        Step sorted = Keymap.dispatch(s, new KeyStroke('s', false, false), 20);
        Effect.Request old = sorted.requests().getFirst();
        TuiState again = Keymap.dispatch(sorted.state(), new KeyStroke('s', false, false), 20).state();
        TuiState late = old.onOk().apply(again, Json.MAPPER.valueToTree(answer((TableRowsParams) old.params(), 1_000_000))).state();
        assertThat(late.table().loading()).as("the ascending page came after descending was asked: dropped").isTrue();
    }
}
