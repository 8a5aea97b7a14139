package dev.cellar.daemon.assistant;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.ClientEvents;
import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.kernel.Confinement;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Interpreters;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.ChatSendParams;
import dev.cellar.protocol.method.ChatSendResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real daemon whose assistant talks to a {@link ScriptedModelServer}, a client attached as
 * alice, the notebook she opened and every event she got, with waits on conditions. Registered
 * with {@code @RegisterExtension}, it closes client, daemon and model after each test, also when
 * the test failed.
 */
final class AssistantFixture implements AfterEachCallback {
    ScriptedModelServer model;
    Daemon daemon;
    CellarClient user;
    String nb;
    private final ClientEvents received = new ClientEvents();
    /** What alice has received, in order. */
    final List<Event> events = received.list();

    /**
     * The header setting for a notebook whose test is about the assistant, not the kernel: the
     * machine's CPython (a worker starts in a fraction of a second), else embedded GraalPy. Not for
     * tests whose approval depends on the kernel being confined (an unsandboxed CPython makes
     * run_cells ask a person and keeps the assistant's edits from autorunning).
     */
    static String anyPython() {
        Path cpython = TestPython.cpython();
        return Files.isExecutable(cpython) ? "python=" + cpython : "python=graalpy";
    }

    /**
     * The header settings for a notebook on which the assistant's own code runs without asking
     * (ask-destructive policy): a confined kernel. The machine's CPython with {@code sandbox=on}
     * where this machine can confine it with Landlock, else embedded GraalPy.
     */
    static String confinedPython() {
        return ConfinedPython.SETTINGS;
    }

    /** Whether this machine can confine its CPython (Landlock + seccomp), asked once per test run. */
    static boolean canConfineCPython() {
        return ConfinedPython.CPYTHON;
    }

    private static final class ConfinedPython {
        static final boolean CPYTHON = ask();
        static final String SETTINGS = CPYTHON ? "python=" + TestPython.cpython() + " sandbox=on" : "python=graalpy";

        private static boolean ask() {
            if (!Files.isExecutable(TestPython.cpython())) {
                return false;
            }
            Interpreters interpreters = new Interpreters(System.getenv());
            Interpreter python = interpreters.resolve(TestPython.cpython().toString(), Path.of("."));
            return Confinement.LANDLOCK.equals(interpreters.confinement(python, true).name());
        }
    }

    /** Starts the scripted model and a daemon on {@code socket} that asks it. */
    AssistantFixture start(Path socket, ApprovalPolicy policy, int maxSteps, Duration timeout) throws IOException {
        if (model == null) {
            model = new ScriptedModelServer();
        }
        daemon = Daemon.start(socket,
                new AssistantConfig(model.baseUrl(), "test-key", "scripted", policy, maxSteps, 100_000, timeout));
        return this;
    }

    AssistantFixture start(Path socket, ApprovalPolicy policy) throws IOException {
        return start(socket, policy, 10, Duration.ofSeconds(30));
    }

    /** Closes the client and the daemon (the model and the notebook's files stay), as a daemon stop would. */
    void stopDaemon() {
        closeClient();
        daemon.close();
        daemon = null;
    }

    /** Attaches alice; her events are collected in {@link #events}. */
    AssistantFixture connect(Path socket) throws IOException {
        user = CellarClient.connect(socket, "alice");
        received.attach(user);
        return this;
    }

    /** Opens {@code file} (written with {@code header} first when given) and subscribes to its events. */
    NotebookSnapshot open(Path file, String header) throws Exception {
        if (header != null) {
            Files.writeString(file, header);
        }
        NotebookSnapshot snapshot = user.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false),
                NotebookSnapshot.class);
        nb = snapshot.notebookId();
        user.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb, snapshot.seq()), Object.class);
        return snapshot;
    }

    String send(String text) throws Exception {
        return user.call(Methods.CHAT_SEND, new ChatSendParams(nb, text, false), ChatSendResult.class).turnId();
    }

    String create(CellKind kind, String code) throws Exception {
        return user.call(Methods.CELL_CREATE, new CreateCellParams(nb, kind, code, null, null, null), CellResult.class)
                .cell().id();
    }

    NotebookSnapshot snapshot() throws Exception {
        return user.call(Methods.NOTEBOOK_GET, new NotebookParams(nb), NotebookSnapshot.class);
    }

    List<EventType> types() {
        return received.types();
    }

    Event awaitEvent(EventType type) throws InterruptedException {
        return awaitEvent(e -> e.type() == type, "no " + type + " event");
    }

    /** What the first chat step of this kind said, waiting for one to come. */
    ChatEvent awaitChat(EventType kind) throws InterruptedException {
        return ((Event.Chat) awaitEvent(kind)).chat();
    }

    ChatEvent awaitTurnEnded(String turn) throws InterruptedException {
        return ((Event.Chat) awaitEvent(e -> e instanceof Event.Chat c && c.type() == EventType.CHAT_TURN_ENDED
                && turn.equals(c.chat().turnId()), "turn " + turn + " never ended")).chat();
    }

    /** The first event so far that is {@code wanted}, waiting for one to come. */
    Event awaitEvent(Predicate<Event> wanted, String failure) throws InterruptedException {
        return received.first(failure, wanted);
    }

    CellInfo awaitCell(String cellId, Predicate<CellInfo> wanted) throws Exception {
        return received.until("cell " + cellId + " to get there", () -> snapshot().cell(cellId),
                c -> c != null && wanted.test(c));
    }

    /** For conditions no event announces (the model server's requests, a file): polled. */
    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        Await.poll(what, condition::getAsBoolean);
    }

    /** A cell's text outputs, joined and stripped. */
    static String output(CellInfo c) {
        StringBuilder sb = new StringBuilder();
        for (Output o : c.outputs()) {
            if (o instanceof Output.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString().strip();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            closeClient();
        } finally {
            try {
                if (daemon != null) {
                    daemon.close();
                    daemon = null;
                }
            } finally {
                if (model != null) {
                    model.close();
                    model = null;
                }
            }
        }
    }

    private void closeClient() {
        if (user != null) {
            user.close();
            user = null;
        }
    }
}
