package dev.cellar.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.ConfirmParams;
import dev.cellar.protocol.method.ConfirmResult;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.ChatApproveParams;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.ChatSendParams;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.DeleteCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.MoveCellParams;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.PresenceUpdateParams;
import dev.cellar.protocol.method.RewindParams;
import dev.cellar.protocol.method.RewindResult;
import dev.cellar.protocol.method.RunAllParams;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import dev.cellar.tui.input.Keys;
import dev.cellar.tui.input.OutputKeys;
import dev.cellar.tui.input.PagerKeys;
import dev.cellar.tui.state.CellMagic;
import dev.cellar.tui.state.Editor;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Presence;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Rewind;
import dev.cellar.tui.state.RewindFlow;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.term.PictureLayer;
import dev.cellar.tui.view.Glyphs;
import dev.cellar.tui.view.Painter;
import dev.cellar.tui.view.Renderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The terminal UI's loop. One thread owns the state: it reads keys, applies the daemon's
 * events and the answers to its requests (both arrive through a queue), and redraws.
 * When the daemon goes away the UI says so, keeps the editor as it is, and reconnects
 * and resyncs by itself.
 */
public final class TuiApp {
    /**
     * How the UI reaches the daemon. {@code mayStart}: start one when none runs (saying so
     * through {@code phase}), as at start-up; after the daemon went away the UI only waits
     * for one, so a daemon someone stopped stays stopped.
     */
    @FunctionalInterface
    public interface Connector {
        CellarClient connect(java.util.function.Consumer<String> phase, boolean mayStart) throws IOException;
    }

    /** The name this UI connects with; its own edits come back with actor {@code user:tui}. */
    public static final String CLIENT_NAME = "tui";
    private static final String ME = "user:" + CLIENT_NAME;
    private final Screen screen;
    private final Connector connector;
    private final Path notebook;
    private final Painter painter;
    private final BlockingQueue<UnaryOperator<TuiState>> inbox = new LinkedBlockingQueue<>();
    private volatile CellarClient client;
    private TuiState state;
    private volatile boolean quit;
    private volatile boolean resumed;
    /** What the start-up is doing ("connecting to the daemon", "starting the daemon"), shown with the time it takes. */
    private volatile String phase = "connecting to the daemon";
    private final long started = System.nanoTime();
    /** What this UI last told the daemon it edits (null: no cell); UI thread only. */
    private String announcedCell;
    private boolean announced;

    public TuiApp(Screen screen, Connector connector, Path notebook, Glyphs glyphs) {
        this(screen, connector, notebook, new Renderer(glyphs));
    }

    /** {@code renderer}: how this terminal gets pictures and colours. */
    public TuiApp(Screen screen, Connector connector, Path notebook, Renderer renderer) {
        this(screen, connector, notebook, renderer, null);
    }

    /** {@code pictures}: the pictures the terminal draws itself (kitty, iTerm2, sixel), or null. */
    public TuiApp(Screen screen, Connector connector, Path notebook, Renderer renderer, PictureLayer pictures) {
        this.screen = screen;
        this.connector = connector;
        this.notebook = notebook.toAbsolutePath();
        this.painter = new Painter(screen, renderer, pictures);
        this.state = TuiState.empty(notebook.getFileName().toString()).withPresence(Presence.of(ME));
    }

    public void run() throws IOException {
        screen.startScreen();
        try {
            connectInBackground(0, true);
            readKeysInBackground();
            redraw(false);
            while (!quit) {
                // keys and daemon events arrive through one queue: each is handled the moment it comes
                UnaryOperator<TuiState> update = inbox.poll(250, TimeUnit.MILLISECONDS);
                boolean changed = false;
                if (state.notebookId() == null && !state.connected()) {
                    TuiState before = state;
                    state = state.withMessage(phase + "… " + (System.nanoTime() - started) / 1_000_000_000L + "s");
                    changed = !state.message().equals(before.message());
                }
                while (update != null && !quit) {
                    state = update.apply(state);
                    changed = true;
                    update = inbox.poll();
                }
                announcePresence();
                if (!quit && resumed) {
                    resumed = false;
                    repaintAll();
                } else if (!quit) {
                    boolean resized = screen.doResizeIfNecessary() != null;
                    if (resized || changed) {
                        redraw(resized);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            CellarClient c = client;
            if (c != null) {
                c.close();
            }
            try {
                painter.close();
            } finally {
                screen.stopScreen();
            }
        }
    }

    private void readKeysInBackground() {
        Thread t = new Thread(() -> {
            try {
                while (!quit) {
                    KeyStroke key = screen.readInput();
                    if (key == null || key.getKeyType() == KeyType.EOF) {
                        post(s -> {
                            quit = true;
                            return s;
                        });
                        return;
                    }
                    post(s -> onKey(s, key));
                }
            } catch (IOException e) {
                post(s -> {
                    quit = true;
                    return s;
                });
            }
        }, "tui-keys");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The process was stopped and continued (SIGCONT): whoever had the terminal meanwhile
     * may have left the main screen and drawn on it. Called from a signal thread, after the
     * terminal is raw again; the UI thread re-enters the alternate screen and paints it all.
     */
    public void resumed() {
        resumed = true;
        post(s -> s);
    }

    private void repaintAll() throws IOException {
        if (screen instanceof com.googlecode.lanterna.screen.TerminalScreen ts) {
            // exit+enter re-sends the alternate-screen escape that a shell's prompt undid
            ts.getTerminal().exitPrivateMode();
            ts.getTerminal().enterPrivateMode();
        }
        screen.doResizeIfNecessary();
        painter.paint(state, true);
    }

    /** {@code resized}: the terminal changed size, so every cell (and picture) is drawn again. */
    private void redraw(boolean resized) throws IOException {
        painter.paint(state, resized);
    }

    // ---- the daemon: connect, resync, reconnect

    private void connectInBackground(long delayMillis, boolean mayStart) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
                CellarClient c = connector.connect(p -> {
                    phase = p;
                    post(s -> s);
                }, mayStart);
                // cell by cell when the notebook is too large for one message
                NotebookSnapshot nb = Snapshots.call(c, Methods.NOTEBOOK_OPEN, new OpenParams(notebook.toString(), false));
                c.onEvent(e -> post(s -> Reducer.apply(s, e, ME)));
                c.onClose(() -> post(s -> {
                    connectInBackground(1000, false);
                    return s.withConnection(false, "the daemon went away — reconnecting (your edit is kept)…");
                }));
                // subscribe from the snapshot's seq: nothing between the two is missed
                c.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
                ChatHistory history = c.call(Methods.CHAT_HISTORY, new NotebookParams(nb.notebookId()), ChatHistory.class);
                String setup = c.call(Methods.DAEMON_INFO, null, dev.cellar.protocol.method.DaemonInfo.class).assistantSetup();
                client = c;
                post(s -> {
                    announced = false; // a new connection is a new client: say again what this UI is doing
                    return s;
                });
                post(s -> Reducer.history(Reducer.snapshot(s, nb), history).withAssistantSetup(setup)
                        .withConnection(true, Reducer.problemsMessage(nb)));
            } catch (RpcException e) {
                phase = e.getMessage();
                post(s -> s.withConnection(false, e.getMessage()));
            } catch (IOException | RuntimeException e) {
                phase = "cannot reach the daemon (" + e.getMessage() + "), retrying";
                post(s -> {
                    connectInBackground(1000, mayStart);
                    return s.withConnection(false, "cannot reach the daemon (" + e.getMessage() + ") — retrying…");
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tui-connect");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Tells the daemon which cell this UI edits (or that it edits none) whenever that
     * changes, and once after each (re)connect; the answer says which client is this UI.
     * On the UI thread.
     */
    private void announcePresence() {
        String editing = state.mode() == Mode.EDIT && state.editor() != null ? state.editor().cellId() : null;
        CellarClient c = client;
        if (!state.connected() || c == null || (announced && java.util.Objects.equals(editing, announcedCell))) {
            return;
        }
        announced = true;
        announcedCell = editing;
        request(Methods.PRESENCE_UPDATE, new PresenceUpdateParams(state.notebookId(), editing,
                        editing == null ? PresenceActivity.VIEWING : PresenceActivity.EDITING),
                (st, r) -> st.withPresence(st.presence().withClientId(r.path("clientId").asText(null))),
                (st, e) -> st); // a cell deleted meanwhile: the next change says it again
    }

    private void post(UnaryOperator<TuiState> update) {
        inbox.add(update);
    }

    /** Sends a request; its answer (or error) comes back to the UI thread through the inbox. */
    private void request(String method, Object params, java.util.function.BiFunction<TuiState, JsonNode, TuiState> onOk,
                         java.util.function.BiFunction<TuiState, RpcException, TuiState> onError) {
        CellarClient c = client;
        if (c == null || !c.isConnected()) {
            state = state.withMessage("not connected to the daemon yet");
            return;
        }
        CompletableFuture<JsonNode> f = c.request(method, params);
        f.whenComplete((result, error) -> post(s -> {
            if (error == null) {
                return onOk.apply(s, result);
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            return cause instanceof RpcException r ? onError.apply(s, r) : s.withMessage(String.valueOf(cause.getMessage()));
        }));
    }

    private void request(String method, Object params) {
        request(method, params, (s, r) -> s, (s, e) -> s.withMessage(e.getMessage()));
    }

    /** The interpreter hash the person was shown by {@code A} (confirmed only if it is still that). */
    private volatile String trustSha256;

    // ---- keys

    TuiState onKey(TuiState s, KeyStroke k) {
        return switch (s.mode()) {
            case HELP -> s.with(Mode.NAVIGATE);
            case CONFIRM_DELETE -> {
                if (Keys.isChar(k, 'y') && s.selectedCell() != null) {
                    CellInfo c = s.selectedCell();
                    request(Methods.CELL_DELETE, new DeleteCellParams(s.notebookId(), c.id(), c.version()));
                }
                yield s.with(Mode.NAVIGATE).withMessage("");
            }
            case EDIT -> editKey(s, k);
            case PAGER -> PagerKeys.apply(s, k, Math.max(1, screen.getTerminalSize().getRows() - 4));
            case CHAT -> chatKey(s, k);
            case TURNS -> turnsKey(s, k);
            case REWIND -> rewindKey(s, k);
            case CONFIRM_TRUST -> {
                if (Keys.isChar(k, 'y')) {
                    request(Methods.NOTEBOOK_CONFIRM, new ConfirmParams(s.notebookId(), null, false, trustSha256),
                            (st, r) -> st.withMessage(r.path("message").asText("")),
                            (st, e) -> st.withMessage(e.getMessage()));
                    yield s.with(Mode.NAVIGATE).withMessage("confirming: the kernel restarts on what was held");
                }
                yield s.with(Mode.NAVIGATE).withMessage("nothing confirmed");
            }
            case NAVIGATE -> navigateKey(s.withMessage(""), k);
        };
    }

    private TuiState navigateKey(TuiState s, KeyStroke k) {
        CellInfo cell = s.selectedCell();
        TuiState onOutput = OutputKeys.apply(s, k);
        if (onOutput != null) {
            return onOutput;
        }
        if (Keys.isChar(k, 'j') || Keys.is(k, KeyType.ArrowDown)) {
            return s.withSelected(s.selected() + 1);
        } else if (Keys.isChar(k, 'k') || Keys.is(k, KeyType.ArrowUp)) {
            return s.withSelected(s.selected() - 1);
        } else if (Keys.isChar(k, 'g') || Keys.is(k, KeyType.Home)) {
            return s.withSelected(0);
        } else if (Keys.isChar(k, 'G') || Keys.is(k, KeyType.End)) {
            return s.withSelected(s.cells().size() - 1);
        } else if (Keys.is(k, KeyType.PageDown)) {
            return s.withSelected(s.selected() + 5);
        } else if (Keys.is(k, KeyType.PageUp)) {
            return s.withSelected(s.selected() - 5);
        } else if ((Keys.isChar(k, 'e') || Keys.is(k, KeyType.Enter)) && cell != null) {
            return s.withEditor(Editor.of(cell.id(), cell.version(), cell.code())).with(Mode.EDIT);
        } else if (Keys.isChar(k, 'r') && cell != null) {
            request(Methods.CELL_RUN, new RunCellsParams(s.notebookId(), List.of(cell.id()), false));
        } else if (Keys.isChar(k, 'R')) {
            request(Methods.NOTEBOOK_RUN_ALL, new RunAllParams(s.notebookId(), false));
        } else if (Keys.isChar(k, 'a') || Keys.isChar(k, 'b') || Keys.isChar(k, 's') || Keys.isChar(k, 'M')) {
            CellKind kind = Keys.isChar(k, 's') ? CellKind.SQL : Keys.isChar(k, 'M') ? CellKind.MARKDOWN : CellKind.PYTHON;
            int index = s.cells().isEmpty() ? 0 : s.selected() + (Keys.isChar(k, 'a') ? 0 : 1);
            request(Methods.CELL_CREATE, new CreateCellParams(s.notebookId(), kind, "", index, null, null),
                    (st, r) -> {
                        CellInfo created = Json.convert(r.get("cell"), CellInfo.class);
                        int at = indexOf(st, created.id());
                        return st.withSelected(at < 0 ? index : at).withEditor(Editor.of(created.id(), created.version(), ""))
                                .with(Mode.EDIT);
                    }, (st, e) -> st.withMessage(e.getMessage()));
        } else if (Keys.isChar(k, 't') && cell != null) {
            CellKind next = CellMagic.next(cell.kind());
            request(Methods.CELL_UPDATE, new UpdateCellParams(s.notebookId(), cell.id(), cell.code(), cell.version(), next,
                    null), (st, r) -> st.withMessage("cell " + cell.id() + " is now " + next.wireName()),
                    (st, e) -> st.withMessage(e.getMessage()));
        } else if (Keys.isChar(k, 'd') && cell != null) {
            return s.with(Mode.CONFIRM_DELETE);
        } else if ((Keys.isChar(k, 'J') || Keys.isChar(k, 'K')) && cell != null) {
            int to = s.selected() + (Keys.isChar(k, 'J') ? 1 : -1);
            if (to >= 0 && to < s.cells().size()) {
                request(Methods.CELL_MOVE, new MoveCellParams(s.notebookId(), cell.id(), to));
                return s.withSelected(to);
            }
        } else if (Keys.isChar(k, 'x')) {
            request(Methods.NOTEBOOK_INTERRUPT, new NotebookParams(s.notebookId()));
        } else if (Keys.isChar(k, 'X')) {
            request(Methods.KERNEL_RESTART, new NotebookParams(s.notebookId()));
            return s.withMessage("restarting the kernel: every variable is forgotten");
        } else if (Keys.isChar(k, 'c')) {
            return s.withChatVisible(true).with(Mode.CHAT);
        } else if (Keys.isChar(k, 'u')) {
            return openTurns(s);
        } else if (Keys.isChar(k, 'C')) {
            return s.withChatVisible(!s.chatVisible());
        } else if (Keys.isChar(k, 'A')) {
            return askToConfirm(s);
        } else if (Keys.isChar(k, '?')) {
            return s.with(Mode.HELP);
        } else if (Keys.isChar(k, 'q')) {
            quit = true;
        }
        return s;
    }

    /**
     * {@code A}: what the trust records hold back in this notebook (header settings, an
     * interpreter a confined cell could have planted), shown in the message line; {@code y}
     * then confirms exactly that (the interpreter by the hash shown).
     */
    private TuiState askToConfirm(TuiState s) {
        request(Methods.NOTEBOOK_CONFIRM, new ConfirmParams(s.notebookId(), null, true, null), (st, r) -> {
            ConfirmResult waiting = Json.convert(r, ConfirmResult.class);
            if (waiting.nothingPending()) {
                return st.withMessage("nothing waits for a confirmation");
            }
            trustSha256 = waiting.interpreter() == null ? null : waiting.interpreter().sha256();
            return st.with(Mode.CONFIRM_TRUST).withMessage(dev.cellar.tui.state.TrustText.question(waiting));
        }, (st, e) -> st.withMessage(e.getMessage()));
        return s.withMessage("asking the daemon what waits for a confirmation…");
    }

    private TuiState editKey(TuiState s, KeyStroke k) {
        Editor e = s.editor();
        Character ch = Keys.printable(k);
        if (e.inConflict() && (Keys.isCtrl(k, 'k') || Keys.isCtrl(k, 't') || Keys.isCtrl(k, 'b'))) {
            CellInfo now = s.cells().stream().filter(c -> c.id().equals(e.cellId())).findFirst().orElse(null);
            long current = now == null ? e.baseVersion() : now.version();
            if (Keys.isCtrl(k, 'k')) {
                return s.withEditor(e.rebased(current)).withMessage("keeping yours: Ctrl-O saves it over theirs");
            }
            if (Keys.isCtrl(k, 't')) {
                return s.withEditor(e.replaced(e.theirs(), current));
            }
            return s.withEditor(e.replaced(e.text() + "\n# ---- their version (" + e.theirActor() + ") ----\n"
                    + e.theirs(), current));
        }
        if (ch != null) {
            return s.withEditor(e.insert(String.valueOf(ch)));
        }
        return switch (k.getKeyType()) {
            case Enter -> s.withEditor(e.insert("\n"));
            case Tab -> s.withEditor(e.insert("    "));
            case Backspace -> s.withEditor(e.backspace());
            case Delete -> s.withEditor(e.delete());
            case ArrowLeft -> s.withEditor(e.col() > 0 ? e.moveTo(e.row(), e.col() - 1)
                    : e.row() > 0 ? e.moveTo(e.row() - 1, Integer.MAX_VALUE) : e);
            case ArrowRight -> s.withEditor(e.col() < e.lines().get(e.row()).length() ? e.moveTo(e.row(), e.col() + 1)
                    : e.moveTo(e.row() + 1, 0));
            case ArrowUp -> s.withEditor(e.moveTo(e.row() - 1, e.col()));
            case ArrowDown -> s.withEditor(e.moveTo(e.row() + 1, e.col()));
            case Home -> s.withEditor(e.moveTo(e.row(), 0));
            case End -> s.withEditor(e.moveTo(e.row(), Integer.MAX_VALUE));
            case PageUp -> s.withEditor(e.moveTo(e.row() - 10, e.col()));
            case PageDown -> s.withEditor(e.moveTo(e.row() + 10, e.col()));
            case Escape -> s.withEditor(null).with(Mode.NAVIGATE).withMessage("edit cancelled");
            case Character -> {
                if (Keys.isCtrl(k, 'z')) {
                    yield s.withEditor(e.undoLast());
                }
                // Ctrl-O saves (as in nano): Ctrl-S is XON/XOFF flow control on many terminals
                if (Keys.isCtrl(k, 'o') || Keys.isCtrl(k, 'r')) {
                    yield save(s, e, Keys.isCtrl(k, 'r'));
                }
                yield s;
            }
            default -> s;
        };
    }

    /** Saves with the version the edit started from: an edit nobody has seen is never overwritten. */
    private TuiState save(TuiState s, Editor e, boolean thenRun) {
        String notebookId = s.notebookId();
        // a first line %%sql [name <<], %%md or %%python changes the cell's kind (and SQL result name) as it saves
        CellMagic magic = CellMagic.parse(e.text());
        UpdateCellParams params = magic == null ? new UpdateCellParams(notebookId, e.cellId(), e.text(), e.baseVersion())
                : new UpdateCellParams(notebookId, e.cellId(), magic.code(), e.baseVersion(), magic.kind(),
                magic.out());
        request(Methods.CELL_UPDATE, params, (st, r) -> {
            CellResult saved = Json.convert(r, CellResult.class);
            if (thenRun) {
                request(Methods.CELL_RUN, new RunCellsParams(notebookId, List.of(saved.cell().id()), false));
            }
            return st.withEditor(null).with(Mode.NAVIGATE).withMessage("saved " + saved.cell().id());
        }, (st, err) -> {
            if (err.errorCode() == ErrorCode.CONFLICT && st.editor() != null && err.data() != null) {
                CellInfo theirs = Json.convert(err.data().get("cell"), CellInfo.class);
                return st.withEditor(st.editor().withTheirs(theirs.code(), theirs.lastActor()));
            }
            return st.withMessage(err.getMessage());
        });
        return s.withMessage("saving…");
    }

    private TuiState chatKey(TuiState s, KeyStroke k) {
        if (s.approvalCallId() != null && s.chatInput().isEmpty() && (Keys.isChar(k, 'y') || Keys.isChar(k, 'n'))) {
            request(Methods.CHAT_APPROVE, new ChatApproveParams(s.notebookId(), s.approvalCallId(), Keys.isChar(k, 'y')));
            return s;
        }
        if (Keys.isCtrl(k, 'c')) {
            request(Methods.CHAT_CANCEL, new NotebookParams(s.notebookId()));
            return s;
        }
        if (Keys.isCtrl(k, 'u')) {
            return openTurns(s);
        }
        Character ch = Keys.printable(k);
        if (ch != null) {
            return s.withChatInput(s.chatInput() + ch);
        }
        return switch (k.getKeyType()) {
            case PageUp -> s.withChatScroll(s.chatScroll() + 5);
            case PageDown -> s.withChatScroll(s.chatScroll() - 5);
            case Backspace -> s.withChatInput(s.chatInput().isEmpty() ? "" : s.chatInput().substring(0, s.chatInput().length() - 1));
            case Escape -> s.with(Mode.NAVIGATE);
            case Enter -> {
                if (s.chatInput().isBlank()) {
                    yield s;
                }
                String typed = s.chatInput();
                request(Methods.CHAT_SEND, new ChatSendParams(s.notebookId(), typed, false), (st, r) -> st,
                        (st, e) -> e.errorCode() == ErrorCode.ASSISTANT_NOT_CONFIGURED
                                ? Reducer.assistantMissing(st, e.getMessage(), typed)
                                : st.withMessage(e.getMessage()).with(Mode.NAVIGATE));
                yield s.withChatInput("");
            }
            default -> s;
        };
    }

    // ---- undoing a turn: chosen in the chat pane, the daemon's dry run as the preview, then y, f or n

    private TuiState openTurns(TuiState s) {
        request(Methods.CHAT_HISTORY, new NotebookParams(s.notebookId()),
                (st, r) -> RewindFlow.listed(st, Json.convert(r, ChatHistory.class)),
                (st, e) -> RewindFlow.close(st, e.getMessage()));
        return RewindFlow.open(s);
    }

    private TuiState turnsKey(TuiState s, KeyStroke k) {
        Rewind r = s.rewind();
        if (Keys.isChar(k, 'j') || Keys.is(k, KeyType.ArrowDown)) {
            return s.withRewind(r.move(1));
        } else if (Keys.isChar(k, 'k') || Keys.is(k, KeyType.ArrowUp)) {
            return s.withRewind(r.move(-1));
        } else if ((Keys.isChar(k, 'u') || Keys.is(k, KeyType.Enter)) && r.chosen() != null) {
            preview(s.notebookId(), r.chosen());
        } else if (Keys.is(k, KeyType.Escape) || Keys.isChar(k, 'q') || Keys.isChar(k, 'n')) {
            return RewindFlow.close(s, "");
        }
        return s;
    }

    /**
     * Asks the daemon what undoing {@code turn} changes. Cells changed since the turn make
     * the dry run a {@code CONFLICT}; a second dry run forcing them shows what f would do.
     */
    private void preview(String notebookId, TurnInfo turn) {
        request(Methods.CHAT_REWIND, new RewindParams(notebookId, turn.turnId(), List.of(), true),
                (st, r) -> RewindFlow.previewed(st, turn, Json.convert(r, RewindResult.class), List.of()),
                (st, e) -> {
                    if (e.errorCode() != ErrorCode.CONFLICT || e.data() == null) {
                        return RewindFlow.close(st, e.getMessage());
                    }
                    List<RewindConflict> conflicts = RewindFlow.conflicts(e.data());
                    request(Methods.CHAT_REWIND, new RewindParams(notebookId, turn.turnId(),
                                    conflicts.stream().map(RewindConflict::cellId).toList(), true),
                            (st2, r) -> RewindFlow.previewed(st2, turn, Json.convert(r, RewindResult.class), conflicts),
                            (st2, e2) -> RewindFlow.close(st2, e2.getMessage()));
                    return st;
                });
    }

    private TuiState rewindKey(TuiState s, KeyStroke k) {
        Rewind.Preview p = s.rewind().preview();
        if (Keys.isChar(k, 'n') || Keys.is(k, KeyType.Escape)) {
            return RewindFlow.close(s, "rewind cancelled: nothing changed");
        }
        // y cannot rewind over cells changed since the turn: only f, which says it overwrites them
        boolean go = p.needsForce() ? Keys.isChar(k, 'f') : Keys.isChar(k, 'y');
        if (!go) {
            return s;
        }
        request(Methods.CHAT_REWIND, new RewindParams(s.notebookId(), p.turn().turnId(), p.forced(), false),
                (st, r) -> RewindFlow.applied(st, Json.convert(r, RewindResult.class)),
                (st, e) -> RewindFlow.close(st, e.getMessage()));
        return RewindFlow.close(s, "rewinding " + p.turn().turnId() + "…");
    }

    private static int indexOf(TuiState s, String cellId) {
        for (int i = 0; i < s.cells().size(); i++) {
            if (s.cells().get(i).id().equals(cellId)) {
                return i;
            }
        }
        return -1;
    }

    /** For tests: the state now. */
    TuiState state() {
        return state;
    }
}
