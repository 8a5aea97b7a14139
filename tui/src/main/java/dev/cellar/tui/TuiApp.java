package dev.cellar.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.PresenceUpdateParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.rpc.RpcException;
import dev.cellar.tui.input.Keymap;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Presence;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.term.PictureLayer;
import dev.cellar.tui.view.Glyphs;
import dev.cellar.tui.view.Painter;
import dev.cellar.tui.view.Renderer;
import dev.cellar.tui.input.OutsideEdit;
import dev.cellar.tui.term.KeyReader;
import dev.cellar.tui.term.Osc52;
import dev.cellar.tui.term.Tty;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** Where escapes Lanterna does not write go (the clipboard's OSC 52): the terminal's output, or null (a virtual one). */
    private final OutputStream terminalOut;
    private final KeyReader keys;
    private volatile CellarClient client;
    private TuiState state;
    private volatile boolean quit;
    private volatile boolean resumed;
    /** What the start-up is doing ("connecting to the daemon", "starting the daemon"), shown with the time it takes. */
    private volatile String phase = "connecting to the daemon";
    private final long started = System.nanoTime();
    /**
     * The thread that runs the loop and alone touches the state (null before {@link #run}: a
     * test drives the loop's methods from its own). Other threads only {@link #post}, as
     * Lanterna's GUI thread takes other threads' work through its task queue.
     */
    private volatile Thread uiThread;
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
        this(screen, connector, notebook, renderer, pictures, null);
    }

    /** {@code terminalOut}: the stream Lanterna writes the terminal through, for the escapes it does not write (OSC 52). */
    public TuiApp(Screen screen, Connector connector, Path notebook, Renderer renderer, PictureLayer pictures,
                  OutputStream terminalOut) {
        this.screen = screen;
        this.terminalOut = terminalOut;
        this.keys = new KeyReader(screen);
        this.connector = connector;
        this.notebook = notebook.toAbsolutePath();
        this.painter = new Painter(screen, renderer, pictures);
        this.state = TuiState.empty(notebook.getFileName().toString()).withPresence(Presence.of(ME));
    }

    public void run() throws IOException {
        uiThread = Thread.currentThread();
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
            keys.stop();
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
        keys.start(key -> post(s -> onKey(s, key)), () -> post(s -> {
            quit = true;
            return s;
        }));
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
                c.onEvent(e -> {
                    post(s -> Reducer.apply(s, e, ME));
                    if (e instanceof Event.Resync) {
                        resync(c, e.notebookId());
                    }
                });
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
     * The daemon dropped events this UI did not read in time (a large output, a slow terminal):
     * the notebook is read again, cell by cell if it is too large for one message, and the
     * message line says how that ended. A resync that cannot finish drops the connection, so
     * the reconnect (which reads the notebook too) takes over: no state waits for an event
     * that will never come.
     */
    private void resync(CellarClient c, String notebookId) {
        Thread t = new Thread(() -> {
            try {
                NotebookSnapshot nb = Snapshots.get(c, notebookId);
                post(s -> Reducer.snapshot(s, nb).withMessage("resynced: the notebook was read again (rev "
                        + nb.revision() + ")"));
            } catch (IOException | RuntimeException e) {
                post(s -> s.withMessage("resync failed (" + e.getMessage() + ") — reconnecting…"));
                c.close();
            }
        }, "tui-resync");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Tells the daemon which cell this UI edits (or that it edits none) whenever that
     * changes, and once after each (re)connect; the answer says which client is this UI.
     * On the UI thread.
     */
    private void announcePresence() {
        assert onUiThread() : "the TUI's state is the UI thread's: other threads post";
        String editing = state.editor() != null ? state.editor().cellId() : null;
        CellarClient c = client;
        if (!state.connected() || c == null || (announced && java.util.Objects.equals(editing, announcedCell))) {
            return;
        }
        announced = true;
        announcedCell = editing;
        send(new Effect.Request(Methods.PRESENCE_UPDATE, new PresenceUpdateParams(state.notebookId(), editing,
                        editing == null ? PresenceActivity.VIEWING : PresenceActivity.EDITING),
                (st, r) -> Step.of(st.withPresence(st.presence().withClientId(r.path("clientId").asText(null)))),
                (st, e) -> Step.of(st))); // a cell deleted meanwhile: the next change says it again
    }

    private boolean onUiThread() {
        Thread t = uiThread;
        return t == null || t == Thread.currentThread();
    }

    private void post(UnaryOperator<TuiState> update) {
        inbox.add(update);
    }

    /** A step's state, its effects carried out: requests sent (their answers come back through the inbox). */
    private TuiState perform(Step step) {
        assert onUiThread() : "the TUI's state is the UI thread's: other threads post";
        for (Effect effect : step.effects()) {
            switch (effect) {
                case Effect.Request r -> send(r);
                case Effect.Clipboard c -> copy(c.text());
                case Effect.EditOutside e -> editOutside(e);
                case Effect.SaveRows save -> saveRows(save);
                case Effect.Quit q -> quit = true;
            }
        }
        return step.state();
    }

    /** OSC 52 to the terminal, between Lanterna's frames (it has flushed its last one). */
    private void copy(String text) {
        if (terminalOut == null) {
            post(s -> s.withMessage("no terminal to copy through"));
            return;
        }
        try {
            terminalOut.write(Osc52.sequence(text));
            terminalOut.flush();
        } catch (IOException e) {
            post(s -> s.withMessage("cannot write to the terminal: " + e.getMessage()));
        }
    }

    /**
     * Runs the person's editor on a cell's code with the UI suspended: the key reader paused
     * (so it does not take the editor's keys), the screen left, the terminal cooked; then all
     * of it back and the screen painted whole. The UI thread waits for the editor: events that
     * arrive meanwhile queue in the inbox and are applied before the edit comes back, so the
     * edit meets the cell as it is now (a conflict when it changed).
     */
    private void editOutside(Effect.EditOutside e) {
        String editor = OutsideEdit.editorCommand();
        String text = null;
        String failure = null;
        Path dir = null;
        keys.pause();
        try {
            dir = Files.createTempDirectory("cellar-edit-"); // owner-only: a cell's code is nobody else's
            Path file = dir.resolve(e.fileName());
            // a text file ends with a line break (editors add one, or warn): OutsideEdit.returned takes it off again
            Files.writeString(file, e.code().isEmpty() || e.code().endsWith("\n") ? e.code() : e.code() + "\n");
            int exit = runSuspended(editor, file);
            if (exit != 0) {
                failure = "the editor (" + editor + ") exited with " + exit + (exit == 127 ? " (not found?)" : "");
            } else {
                text = Files.readString(file);
            }
        } catch (IOException ex) {
            failure = "cannot run the editor (" + editor + "): " + ex.getMessage();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            failure = "interrupted while the editor ran";
        } finally {
            deleteQuietly(dir);
            keys.resume();
            resumed = true; // the loop paints the whole screen again
        }
        String edited = text;
        String why = failure;
        post(s -> perform(OutsideEdit.returned(s, e, edited, why)));
    }

    /** Leaves the screen, lends the terminal to {@code sh -c EDITOR FILE}, and takes both back, whatever the editor did. */
    private int runSuspended(String editor, Path file) throws IOException, InterruptedException {
        if (screen instanceof com.googlecode.lanterna.screen.TerminalScreen ts) {
            ts.stopScreen(false); // keys typed before E stay for the UI
        } else {
            screen.stopScreen();
        }
        String saved = Tty.lend();
        try {
            // through the shell, as git does: EDITOR may carry arguments ("code --wait", "vim -u NONE")
            Process p = new ProcessBuilder("/bin/sh", "-c", editor + " \"$1\"", "cellar-edit", file.toString())
                    .inheritIO().start();
            return p.waitFor();
        } finally {
            try {
                Tty.restore(saved);
            } finally {
                screen.startScreen();
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is the system's to clean
        }
    }

    /** Writes a table view as CSV on a thread of its own, page by page; the viewer's note says how it went. */
    private void saveRows(Effect.SaveRows save) {
        CellarClient c = client;
        if (c == null || !c.isConnected()) {
            post(s -> save.done().apply(s, "not connected to the daemon"));
            return;
        }
        Thread.ofVirtual().name("table-csv").start(() -> {
            String said;
            try {
                TableCsv.Saved saved = TableCsv.write(c::tableRows, save.first(), save.file());
                said = "saved " + saved.rows() + (saved.rows() == 1 ? " row to " : " rows to ") + saved.file();
            } catch (java.io.IOException | RuntimeException e) {
                said = "could not save " + save.file().getFileName() + ": " + e.getMessage();
            }
            String message = said;
            post(s -> save.done().apply(s, message));
        });
    }

    /**
     * Sends a request; its answer (or error) comes back to the UI thread through the inbox.
     * Without a daemon the message says so, after the key's own state (which would hide it).
     */
    private void send(Effect.Request r) {
        CellarClient c = client;
        if (c == null || !c.isConnected()) {
            post(s -> s.withMessage("not connected to the daemon yet"));
            return;
        }
        CompletableFuture<JsonNode> f = c.request(r.method(), r.params());
        f.whenComplete((result, error) -> post(s -> {
            if (error == null) {
                return perform(r.onOk().apply(s, result));
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            return cause instanceof RpcException e ? perform(r.onError().apply(s, e))
                    : s.withMessage(String.valueOf(cause.getMessage()));
        }));
    }

    // ---- keys: the keymap says what each does; here only what it asks for is carried out

    TuiState onKey(TuiState s, KeyStroke k) {
        // a key on the cells clears the last message: it answered the key before
        TuiState from = s.mode() == Mode.NAVIGATE ? s.withMessage("") : s;
        return perform(Keymap.dispatch(from, k, Math.max(1, screen.getTerminalSize().getRows() - 4)));
    }

    /** For tests: applies what arrived in the inbox (answers, messages), as the loop does. */
    TuiState drain(TuiState s) {
        for (UnaryOperator<TuiState> u = inbox.poll(); u != null; u = inbox.poll()) {
            s = u.apply(s);
        }
        return s;
    }

    /** For tests: the state now. */
    TuiState state() {
        return state;
    }
}
