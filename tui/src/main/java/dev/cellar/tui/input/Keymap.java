package dev.cellar.tui.input;

import static com.googlecode.lanterna.input.KeyType.ArrowDown;
import static com.googlecode.lanterna.input.KeyType.ArrowLeft;
import static com.googlecode.lanterna.input.KeyType.ArrowRight;
import static com.googlecode.lanterna.input.KeyType.ArrowUp;
import static com.googlecode.lanterna.input.KeyType.Backspace;
import static com.googlecode.lanterna.input.KeyType.Delete;
import static com.googlecode.lanterna.input.KeyType.End;
import static com.googlecode.lanterna.input.KeyType.Enter;
import static com.googlecode.lanterna.input.KeyType.Escape;
import static com.googlecode.lanterna.input.KeyType.Home;
import static com.googlecode.lanterna.input.KeyType.PageDown;
import static com.googlecode.lanterna.input.KeyType.PageUp;
import static com.googlecode.lanterna.input.KeyType.Tab;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Every key of the terminal UI, in one table: what a key does on each screen, the {@code ?}
 * help, the footer's hints and the README's key table are all read from it, so they cannot
 * say different things. Dispatch is pure: {@link #dispatch} returns the next state and the
 * requests to send, and the UI loop sends them.
 */
public final class Keymap {
    private Keymap() {
    }

    /** What a screen does with a key no row names (typing into the editor, closing the help), and how the help says it. */
    public record Otherwise(Mode mode, String help, String brief, Binding.Action action) {
    }

    private static final List<Binding> TABLE = new ArrayList<>();
    /** {@code E} where a cell's output is looked at: the output is of the code about to change, so the view closes. */
    private static final String OUTSIDE_FROM_VIEW = "edit the cell in your $EDITOR, then the cells";
    private static final Map<Mode, Otherwise> OTHERWISE = new EnumMap<>(Mode.class);

    // ---- the table: screen by screen, in the order the help lists them; the footer orders by rank

    static {
        Mode m = Mode.NAVIGATE;
        row(m, keys(Enter, ch('o')), 2, "on a selected output: open it whole (tables in the viewer)", 1, "open it whole",
                TuiState::outputSelected, OutputKeys::openPager);
        row(m, keys(Tab, Escape), 2, "on a selected output: back to the code", 2, "back to the code",
                TuiState::outputSelected, OutputKeys::back);
        row(m, keys(ch('v')), 1, "view the cell's table: all rows, sort, search, save", 2,
                "view table", TableKeys::selectedHasTable, TableKeys::open);
        row(m, keys(ch('j'), ch('k'), ArrowDown, ArrowUp), 2, "move between cells", 2, "move", any(), CellKeys::move);
        row(m, keys(ch('g'), ch('G'), Home, End), 2, "first/last cell", 0, "", any(), CellKeys::ends);
        row(m, keys(PageDown, PageUp), 2, "five cells down/up", 0, "", any(), CellKeys::page);
        row(m, keys(ch('e'), Enter), 1, "edit the cell", 3, "edit", CellKeys::onCode, CellKeys::edit);
        row(m, keys(ch('r')), 1, "run the cell and what depends on it", 5, "run", CellKeys::hasCell, CellKeys::run);
        row(m, keys(ch('R')), 1, "run all", 11, "all", any(), CellKeys::runAll);
        row(m, keys(ch('a'), ch('b'), ch('s'), ch('M')), 4, "add a cell: a above, b below, s SQL, M markdown", 12,
                "add", any(), CellKeys::add);
        row(m, keys(ch('t')), 1, "change the cell's kind: a menu, nothing runs", 13, "kind", CellKeys::hasCell,
                CellKeys::kindMenu);
        row(m, keys(ch('J'), ch('K')), 2, "move the cell down/up", 0, "", CellKeys::hasCell, CellKeys::moveCell);
        row(m, keys(ch('d')), 1, "delete the cell (asks first)", 14, "del", CellKeys::hasCell, CellKeys::delete);
        row(m, keys(Tab, ch('o')), 2, "select the output (Tab), open it whole (o)", 9, "output",
                CellKeys::onCode, OutputKeys::selectOrOpen);
        row(m, keys(ch('y')), 1, "copy to the clipboard: the source, or the output if selected", 15, "copy",
                CellKeys::hasCell, YankKeys::yank);
        row(m, keys(ch('E')), 1, "edit the cell in your $EDITOR ($VISUAL first, else vi)", 0, "",
                CellKeys::hasCell, OutsideEdit::open);
        row(m, keys(ch('x')), 1, "interrupt the run", 4, s -> s.running() ? "interrupt" : "", any(),
                CellKeys::interrupt);
        row(m, keys(ch('X')), 1, "restart the kernel: every variable is lost (asks first)", 0, "", any(),
                CellKeys::askRestart);
        row(m, keys(ch('P')), 1, "choose the Python: those found, with their packages", 0, "", any(),
                PythonKeys::open);
        row(m, keys(ch('c')), 1, "talk to the assistant", 8, "chat", any(), CellKeys::chat);
        row(m, keys(ch('C')), 1, "show/hide the chat pane", 0, "", any(), CellKeys::toggleChat);
        // at 80 columns the footer keeps c, u, ? and q (the keys a person must find), not "all", "add"…
        row(m, keys(ch('u')), 1, "undo a turn of the assistant or an agent", 10, "undo turn", any(), CellKeys::turns);
        row(m, keys(ch('A')), 1, "confirm what is HELD (header settings, an interpreter)", 1,
                s -> s.kernelInfo() != null && s.kernelInfo().pending() != null ? "confirm what is held" : "", any(),
                CellKeys::askToConfirm);
        row(m, keys(ch('?')), 1, "this help; first what the kernel may do (sandbox, net, sql)", 6, "help", any(), CellKeys::help);
        row(m, keys(ch('q')), 1, "quit", 7, "quit", any(), CellKeys::quit);

        m = Mode.EDIT;
        // while finding (Ctrl-F), these keys serve the search; every other row waits
        row(m, keys(Enter, ctrl('f')), 2, "while finding: the next match", 1, "next match", EditorKeys::finding,
                EditorKeys::findNext);
        row(m, keys(Escape), 1, "while finding: stop (the match stays selected)", 2, "done", EditorKeys::finding,
                EditorKeys::stopFind);
        row(m, keys(Backspace), 1, "while finding: delete the last character", 0, "", EditorKeys::finding,
                EditorKeys::findBackspace);
        row(m, keys(ctrl('k')), 1, "changed underneath: keep mine", 1, "keep mine", EditorKeys::inConflict,
                EditorKeys::keepMine);
        row(m, keys(ctrl('t')), 1, "changed underneath: take theirs", 2, "take theirs", EditorKeys::inConflict,
                EditorKeys::takeTheirs);
        row(m, keys(ctrl('b')), 1, "changed underneath: keep both", 3, "both", EditorKeys::inConflict,
                EditorKeys::keepBoth);
        row(m, keys(ctrl('o')), 1, "save", 4, "save", any(), EditorKeys::save);
        row(m, keys(ctrl('r')), 1, "save and run", 5, "save+run", any(), EditorKeys::saveAndRun);
        row(m, keys(ctrl('z')), 1, "undo (goes on across saves of the same cell)", 6, "undo", any(), EditorKeys::undo);
        row(m, keys(Escape), 1, "cancel the edit", 7, "cancel", any(), EditorKeys::cancel);
        row(m, keys(ctrl('e')), 1, "the buffer in $EDITOR; it comes back unsaved", 10, "$EDITOR",
                any(), OutsideEdit::openBuffer);
        row(m, keys(ctrl('f')), 1, "find (type, then Enter for the next match)", 8, "find", any(), EditorKeys::find);
        row(m, keys(ctrl('x'), ctrl('c'), ctrl('v')), 3, "cut, copy, paste (without a selection: the whole line)", 9,
                "cut/copy/paste", any(), EditorKeys::clipboard);
        row(m, keys(ctrl('a')), 1, "select all", 0, "", any(), EditorKeys::selectAll);
        row(m, keys(shift(ArrowLeft), shift(ArrowRight)), 2, "select sideways (with Ctrl too: by words)", 0, "", any(),
                EditorKeys::select);
        row(m, keys(shift(ArrowUp), shift(ArrowDown)), 2, "select lines up/down", 0, "", any(), EditorKeys::select);
        row(m, keys(shift(Home), shift(End)), 2, "select to the start/end of the line", 0, "", any(),
                EditorKeys::select);
        row(m, keys(ctrl(ArrowLeft), ctrl(ArrowRight)), 2, "a word left/right", 0, "", any(), EditorKeys::word);
        row(m, keys(alt(ArrowLeft), alt(ArrowRight), alt('b'), alt('f')), 4, "a word left/right (b/f as in a shell)", 0, "",
                any(), EditorKeys::word);
        row(m, keys(ArrowLeft, ArrowRight, ArrowUp, ArrowDown), 4, "move the cursor", 0, "", any(), EditorKeys::move);
        row(m, keys(Home, End), 2, "start/end of the line", 0, "", any(), EditorKeys::move);
        row(m, keys(PageUp, PageDown), 2, "ten lines up/down", 0, "", any(), EditorKeys::page);
        row(m, keys(Enter), 1, "new line", 0, "", any(), EditorKeys::newLine);
        row(m, keys(Tab), 1, "four spaces", 0, "", any(), EditorKeys::tab);
        row(m, keys(Backspace, Delete), 2, "delete before/under the cursor, or the selection", 0, "", any(),
                EditorKeys::delete);
        otherwise(m, "typed in; a first line %%sql/%%md/%%python: the kind",
                "", EditorKeys::type);

        m = Mode.CHAT;
        row(m, keys(ch('y'), ch('n')), 2, "answer the assistant's approval request", 1, "answer",
                ChatKeys::approvalWaits, ChatKeys::approve);
        row(m, keys(Enter), 1, "send", 2, "send", any(), ChatKeys::send);
        row(m, keys(Escape), 1, "back to the cells", 3, "back", any(), ChatKeys::back);
        row(m, keys(ctrl('c')), 1, "cancel the assistant's turn", 4, "cancel the turn", any(), ChatKeys::cancel);
        row(m, keys(ctrl('u')), 1, "undo a turn", 5, "undo a turn", any(), CellKeys::turns);
        row(m, keys(PageUp, PageDown), 2, "scroll the conversation", 6, "scroll", any(), ChatKeys::scroll);
        row(m, keys(Backspace), 1, "delete the last character", 0, "", any(), ChatKeys::backspace);
        otherwise(m, "typed into the message", "", ChatKeys::type);

        m = Mode.PAGER;
        row(m, keys(ch('j'), ch('k'), ArrowDown, ArrowUp, Enter), 2, "scroll a line (Enter: down)", 2, "scroll", any(),
                lines(PagerKeys::scrolled));
        row(m, keys(space(), PageDown, PageUp), 3, "scroll a page", 5, "page", any(), pages(PagerKeys::scrolled));
        row(m, keys(ch('g'), ch('G'), Home, End), 2, "top/bottom", 6, "top/end", any(), PagerKeys::ends);
        row(m, keys(ch('/')), 1, "search", 3, "search", any(), PagerKeys::search);
        row(m, keys(ch('n')), 1, "next match", 4, "next", any(), PagerKeys::next);
        row(m, keys(ch('y')), 1, "copy the whole output to the clipboard", 7, "copy", any(), YankKeys::yank);
        row(m, keys(ch('E')), 1, OUTSIDE_FROM_VIEW, 0, "", CellKeys::hasCell, OutsideEdit::openFromView);
        row(m, keys(ch('q'), Escape), 2, "back", 1, "back", any(), PagerKeys::close);

        m = Mode.PICTURE;
        row(m, keys(ch('n'), ch('p'), ArrowRight, ArrowLeft, ch('j'), ch('k'), ArrowDown, ArrowUp), 2,
                "the cell's next/previous picture", 2, "next/prev", PictureKeys::several, PictureKeys::next);
        row(m, keys(ch('o')), 1, "the whole output as text, in the pager", 3, "text", any(), PictureKeys::text);
        row(m, keys(ch('E')), 1, OUTSIDE_FROM_VIEW, 0, "", CellKeys::hasCell, OutsideEdit::openFromView);
        row(m, keys(ch('q'), Escape), 2, "back", 1, "back", any(), PictureKeys::close);

        m = Mode.SEARCH;
        row(m, keys(Enter), 1, "find", 1, "find", any(), PagerKeys::next);
        row(m, keys(Escape), 1, "stop searching", 2, "stop", any(), PagerKeys::stopSearch);
        row(m, keys(Backspace), 1, "delete the last character", 0, "", any(), PagerKeys::backspace);
        otherwise(m, "typed into the search", "", PagerKeys::type);

        m = Mode.TABLE;
        row(m, keys(ch('j'), ch('k'), ArrowDown, ArrowUp), 2, "a row down/up", 2, "rows", any(), TableKeys::rows);
        row(m, keys(space(), PageDown, PageUp), 3, "a page down/up (rows are fetched as they come into view)", 6, "page",
                any(), TableKeys::pages);
        row(m, keys(ch('g'), ch('G'), Home, End), 2, "first/last row", 7, "first/last", any(), TableKeys::ends);
        row(m, keys(ch('h'), ch('l'), ArrowLeft, ArrowRight), 2,
                "select a column left/right (the first column stays)", 3, "columns", any(), TableKeys::columns);
        row(m, keys(ch('s')), 1, "sort by the selected column: ascending, descending, off", 4, "sort", any(),
                TableKeys::sort);
        row(m, keys(ch('/')), 1, "search: only the rows holding the text (any case)", 5, "search", any(),
                TableKeys::search);
        row(m, keys(ch('w')), 1, "save the view as CSV beside the notebook", 8, "save csv", any(),
                TableKeys::save);
        row(m, keys(ch('y')), 1, "copy the rows on screen to the clipboard (tab-separated)", 9, "copy", any(),
                YankKeys::yank);
        row(m, keys(ch('E')), 1, OUTSIDE_FROM_VIEW, 0, "", CellKeys::hasCell, OutsideEdit::openFromView);
        row(m, keys(ch('q'), Escape), 2, "back", 1, "back", any(), TableKeys::close);

        m = Mode.TABLE_SEARCH;
        row(m, keys(Enter), 1, "show the rows holding the text (empty: every row)", 1, "find", any(), TableKeys::find);
        row(m, keys(Escape), 1, "no search: every row", 2, "all rows", any(), TableKeys::clearSearch);
        row(m, keys(Backspace), 1, "delete the last character", 0, "", any(), TableKeys::backspace);
        otherwise(m, "typed into the search", "", TableKeys::type);

        m = Mode.TURNS;
        row(m, keys(ch('j'), ch('k'), ArrowDown, ArrowUp), 2, "choose a turn", 1, "choose", any(), TurnKeys::move);
        row(m, keys(ch('u'), Enter), 2, "preview what undoing it changes", 2, "preview", TurnKeys::chosen,
                TurnKeys::preview);
        row(m, keys(Escape, ch('q'), ch('n')), 1, "back", 3, "back", any(), TurnKeys::back);

        m = Mode.REWIND;
        row(m, keys(ch('y')), 1, "rewind the turn", 1, s -> "rewind " + s.rewind().preview().turn().turnId(),
                s -> !TurnKeys.needsForce(s), TurnKeys::rewind);
        row(m, keys(ch('f')), 1, "rewind over the cells changed since (overwrites them)", 1, TurnKeys::forceBrief,
                TurnKeys::needsForce, TurnKeys::rewind);
        row(m, keys(ch('n'), Escape), 2, "cancel", 2, "cancel", any(), TurnKeys::cancel);

        m = Mode.KIND_MENU;
        row(m, keys(ArrowLeft, ArrowRight, ch('h'), ch('l')), 2, "choose a kind", 1, "choose", any(), AskKeys::chooseKind);
        row(m, keys(Enter), 1, "change the cell to it (nothing runs)", 2, "change", any(), AskKeys::changeKind);
        row(m, keys(Escape, ch('q')), 1, "cancel", 3, "cancel", any(), AskKeys::cancelKind);

        m = Mode.PICK_PYTHON;
        row(m, keys(ch('j'), ch('k'), ArrowDown, ArrowUp), 2, "choose a Python", 1, "choose", any(), PythonKeys::move);
        row(m, keys(Enter), 1, "use it: writes python= in the header, restarts the kernel", 2, "use it",
                PythonKeys::loaded, PythonKeys::use);
        row(m, keys(Escape, ch('q')), 1, "cancel", 3, "cancel", any(), PythonKeys::cancel);

        m = Mode.CONFIRM_DELETE;
        row(m, keys(ch('y')), 1, "delete the cell", 1, "delete", any(), AskKeys::delete);
        otherwise(m, "keep the cell", "keep it", AskKeys::keep);

        m = Mode.CONFIRM_RESTART;
        row(m, keys(ch('y')), 1, "restart the kernel", 1, "restart", any(), AskKeys::restart);
        otherwise(m, "keep the kernel and its variables", "keep it", AskKeys::keepKernel);

        m = Mode.CONFIRM_TRUST;
        row(m, keys(ch('y')), 1, "confirm what is held", 1, "confirm", any(), AskKeys::confirmTrust);
        otherwise(m, "confirm nothing", "confirm nothing", AskKeys::keepHeld);

        m = Mode.HELP;
        row(m, keys(ch('j'), ch('k'), ArrowDown, ArrowUp), 2, "scroll", 1, "scroll", any(), lines(HelpKeys::scrolled));
        row(m, keys(space(), PageDown, PageUp), 3, "scroll a page", 0, "", any(), pages(HelpKeys::scrolled));
        otherwise(m, "close the help", "close", HelpKeys::close);
    }

    // ---- reading the table

    /** The next state and the requests for key {@code k}; {@code page}: the rows a page key moves. */
    public static Step dispatch(TuiState s, KeyStroke k, int page) {
        Mode mode = s.mode();
        for (Binding b : TABLE) {
            if (b.mode() == mode && b.matches(s, k)) {
                return b.action().apply(s, k, page);
            }
        }
        Otherwise o = OTHERWISE.get(mode);
        return o == null ? Step.of(s) : o.action().apply(s, k, page);
    }

    /** Every row, in the table's order. */
    public static List<Binding> bindings() {
        return List.copyOf(TABLE);
    }

    public static List<Binding> bindings(Mode mode) {
        return TABLE.stream().filter(b -> b.mode() == mode).toList();
    }

    /** The footer's hints for the state, most important first (empty ones, and rows that do not apply now, left out). */
    public static List<String> hints(TuiState s) {
        List<String> hints = new ArrayList<>(bindings(s.mode()).stream().filter(b -> b.rank() > 0 && b.when().test(s))
                .sorted(java.util.Comparator.comparingInt(Binding::rank))
                .map(b -> b.hint(s)).filter(h -> !h.isEmpty()).distinct().toList());
        Otherwise o = OTHERWISE.get(s.mode());
        if (o != null && !o.brief().isEmpty()) {
            hints.add("other keys " + o.brief());
        }
        return hints;
    }

    /** The help: per screen a heading and one line per row ({@code label  help}). */
    public static List<String> helpLines() {
        List<String> out = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            List<Row> rows = rows(mode);
            if (rows.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.add("");
            }
            out.add(heading(mode));
            int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(0);
            for (Row r : rows) {
                out.add("  " + r.label() + " ".repeat(width - r.label().length() + 2) + r.help());
            }
        }
        return out;
    }

    /** The README's key table, in Markdown. */
    public static String markdown() {
        StringBuilder md = new StringBuilder("| where | keys | what they do |\n|---|---|---|\n");
        for (Mode mode : Mode.values()) {
            for (Row r : rows(mode)) {
                md.append("| ").append(mode.title()).append(" | ").append(r.markdownKeys()).append(" | ")
                        .append(r.help().replace("|", "\\|")).append(" |\n");
            }
        }
        return md.toString();
    }

    /** Prints the README's key table: {@code java … dev.cellar.tui.input.Keymap}. */
    public static void main(String[] args) {
        System.out.print(markdown());
    }

    private static String heading(Mode mode) {
        return Character.toUpperCase(mode.title().charAt(0)) + mode.title().substring(1);
    }

    /** One line of the help or the key table: the keys as the help prints them and as Markdown, and what they do. */
    private record Row(String label, String markdownKeys, String help) {
    }

    private static List<Row> rows(Mode mode) {
        List<Row> rows = new ArrayList<>(bindings(mode).stream().map(b -> new Row(b.label(),
                String.join(" ", b.keys().stream().map(k -> "`" + k.name() + "`").toList()), b.help())).toList());
        Otherwise o = OTHERWISE.get(mode);
        if (o != null) {
            rows.add(new Row("other keys", "other keys", o.help()));
        }
        return rows;
    }

    // ---- writing the table

    private static void row(Mode mode, List<Key> keys, int footerKeys, String help, int rank, String brief,
                            Predicate<TuiState> when, Binding.Action action) {
        row(mode, keys, footerKeys, help, rank, s -> brief, when, action);
    }

    private static void row(Mode mode, List<Key> keys, int footerKeys, String help, int rank,
                            Function<TuiState, String> brief, Predicate<TuiState> when, Binding.Action action) {
        TABLE.add(new Binding(mode, keys, footerKeys, help, rank, brief, when, action));
    }

    /** {@code brief}: the footer's word for it ("" for typing, which needs no hint). */
    private static void otherwise(Mode mode, String help, String brief, Binding.Action action) {
        OTHERWISE.put(mode, new Otherwise(mode, help, brief, action));
    }

    private static List<Key> keys(Object... keys) {
        return Stream.of(keys).map(k -> k instanceof Key key ? key : Key.of((com.googlecode.lanterna.input.KeyType) k))
                .toList();
    }

    private static Key ch(char c) {
        return Key.ch(c);
    }

    private static Key ctrl(char c) {
        return Key.ctrl(c);
    }

    private static Key alt(char c) {
        return Key.alt(c);
    }

    private static Key ctrl(com.googlecode.lanterna.input.KeyType type) {
        return Key.ctrl(type);
    }

    private static Key alt(com.googlecode.lanterna.input.KeyType type) {
        return Key.alt(type);
    }

    private static Key shift(com.googlecode.lanterna.input.KeyType type) {
        return Key.shift(type);
    }

    private static Key space() {
        return Key.ch(' ');
    }

    /** Scrolls by a line, up or down as the key says ({@link Keys#direction}). */
    private static Binding.Action lines(java.util.function.BiFunction<TuiState, Integer, Step> by) {
        return (s, k, page) -> by.apply(s, Keys.direction(k));
    }

    /** Scrolls by a page, up or down as the key says. */
    private static Binding.Action pages(java.util.function.BiFunction<TuiState, Integer, Step> by) {
        return (s, k, page) -> by.apply(s, Keys.direction(k) * page);
    }

    private static Predicate<TuiState> any() {
        return s -> true;
    }
}
