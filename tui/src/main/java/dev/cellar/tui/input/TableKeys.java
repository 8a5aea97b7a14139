package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TableViewer;
import dev.cellar.tui.state.TuiState;
import java.nio.file.Path;

/**
 * The table viewer's keys: rows and columns, sort, search, save as CSV. Pure: a key returns
 * the next state and, when the rows it shows are not here yet, the {@code table.rows}
 * request for them; the answer becomes the viewer's window.
 */
public final class TableKeys {
    private TableKeys() {
    }

    /** The last table output of the cell, or null. */
    public static Output.Table tableOf(CellInfo cell) {
        Output.Table last = null;
        if (cell != null) {
            for (Output o : cell.outputs()) {
                if (o instanceof Output.Table t) {
                    last = t;
                }
            }
        }
        return last;
    }

    static boolean selectedHasTable(TuiState s) {
        return tableOf(s.selectedCell()) != null;
    }

    static Step open(TuiState s, KeyStroke k, int page) {
        CellInfo cell = s.selectedCell();
        Output.Table t = tableOf(cell);
        if (t == null) {
            return Step.of(s.withMessage(cell == null ? "no cell" : "cell " + cell.id() + " shows no table"));
        }
        TableViewer v = TableViewer.of(cell.id(), t);
        TuiState shown = s.withTable(v);
        return v.handle() == null ? Step.of(shown) : fetch(shown, rowsOf(page));
    }

    static Step rows(TuiState s, KeyStroke k, int page) {
        int by = Keys.direction(k);
        return ensure(s.withTableIfShown(v -> v.scrolled(by, rowsOf(page))), page);
    }

    static Step pages(TuiState s, KeyStroke k, int page) {
        int by = Keys.direction(k) * rowsOf(page);
        return ensure(s.withTableIfShown(v -> v.scrolled(by, rowsOf(page))), page);
    }

    static Step ends(TuiState s, KeyStroke k, int page) {
        boolean end = Keys.isChar(k, 'G') || Keys.is(k, KeyType.End);
        return ensure(s.withTableIfShown(v -> v.scrolled(end ? v.rowCount() : -v.rowCount(), rowsOf(page))), page);
    }

    static Step columns(TuiState s, KeyStroke k, int page) {
        boolean right = Keys.is(k, KeyType.ArrowRight) || Keys.isChar(k, 'l');
        return Step.of(s.withTableIfShown(v -> v.column(right ? 1 : -1, Integer.MAX_VALUE)));
    }

    static Step sort(TuiState s, KeyStroke k, int page) {
        if (s.table().handle() == null) {
            return Step.of(s.withTableIfShown(v -> v.withNote("only the preview is here: run the cell to sort every row")));
        }
        return fetch(s.withTableIfShown(TableViewer::sortedBySelected), rowsOf(page));
    }

    static Step search(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withTableIfShown(v -> v.typing("")));
    }

    static Step type(TuiState s, KeyStroke k, int page) {
        Character ch = Keys.printable(k);
        return ch == null ? Step.of(s) : Step.of(s.withTableIfShown(v -> v.typing(v.query() + ch)));
    }

    static Step backspace(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withTableIfShown(v -> v.typing(v.query().isEmpty() ? "" : v.query().substring(0, v.query().length() - 1))));
    }

    /** Enter: the rows holding the text (any case) become the view; an empty search shows every row again. */
    static Step find(TuiState s, KeyStroke k, int page) {
        TableViewer v = s.table();
        if (v.handle() == null) {
            return Step.of(s.withTableIfShown(x -> x.stopTyping().withNote("only the preview is here: run the cell to search every row")));
        }
        String q = v.query().isEmpty() ? null : v.query();
        return fetch(s.withTableIfShown(x -> x.refetch(x.sort(), x.descending(), q)), rowsOf(page));
    }

    /** Esc while typing: no search, every row again. */
    static Step clearSearch(TuiState s, KeyStroke k, int page) {
        TableViewer v = s.table();
        if (v.search() == null || v.handle() == null) {
            return Step.of(s.withTableIfShown(TableViewer::stopTyping));
        }
        return fetch(s.withTableIfShown(x -> x.refetch(x.sort(), x.descending(), null)), rowsOf(page));
    }

    /** Writes the view (sorted and searched as shown) beside the notebook as {@code NAME.CELL.csv}. */
    static Step save(TuiState s, KeyStroke k, int page) {
        TableViewer v = s.table();
        if (v.handle() == null) {
            return Step.of(s.withTableIfShown(x -> x.withNote("only the preview is here: run the cell to save every row")));
        }
        Path nb = Path.of(s.path()).toAbsolutePath();
        String name = nb.getFileName().toString().replaceFirst("\\.py$", "");
        // a cell id comes from the file, which anyone may write: only its safe characters name a file
        Path file = nb.resolveSibling(name + "." + v.cellId().replaceAll("[^A-Za-z0-9_-]", "_") + ".csv");
        return Step.of(s.withTableIfShown(x -> x.withNote("saving " + file.getFileName() + "…")),
                new Effect.SaveRows(v.all(s.notebookId(), 0), file, (t, said) -> t.withTableIfShown(x -> x.withNote(said))));
    }

    static Step close(TuiState s, KeyStroke k, int page) {
        return Step.of(s.withTable(null));
    }

    /** The rows one screen of the viewer shows (the page keys' rows less its title and header lines). */
    static int rowsOf(int page) {
        return Math.max(1, page - 2);
    }

    /** Fetches the rows around the top when they are not here (and no fetch is under way). */
    private static Step ensure(TuiState s, int page) {
        TableViewer v = s.table();
        if (v == null || v.loading() || v.holds(v.top(), rowsOf(page) + 1)) {
            return Step.of(s);
        }
        return fetch(s, rowsOf(page));
    }

    private static Step fetch(TuiState s, int visible) {
        TableViewer v = s.table();
        long view = v.asked();
        TuiState asking = s.withTableIfShown(TableViewer::fetching);
        return Step.of(asking, new Effect.Request(Methods.TABLE_ROWS, v.params(s.notebookId()), (t, json) -> {
            TableRows rows = Json.convert(json, TableRows.class);
            TuiState got = t.withTableIfShown(x -> x.received(rows, view));
            TableViewer now = got.table();
            return now != null && now.asked() == view && !now.holds(now.top(), visible + 1) ? fetch(got, visible)
                    : Step.of(got);
        }, (t, e) -> Step.of(t.withTableIfShown(x -> x.withNote(e.errorCode() == ErrorCode.TABLE_GONE
                ? e.getMessage() + " (the rows here stay)" : "cannot read the rows: " + e.getMessage())))));
    }
}
