package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.ClientEvents;
import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.ConfirmParams;
import dev.cellar.protocol.method.ConfirmResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook file is shared with editors, git and coding agents: what they write reaches
 * the open notebook as edits of the actor {@code file}, through a real daemon, its file
 * watcher and a real client. On CPython without a sandbox, so changed cells must wait
 * (stale), never run by themselves.
 */
@Timeout(120)
class SharedFileTest {
    @TempDir
    Path dir;
    Daemon daemon;
    CellarClient client;
    final ClientEvents received = new ClientEvents();
    final List<Event> events = received.list();
    Path file;
    String nb;
    String x;
    String y;

    @BeforeEach
    void open() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "needs " + TestPython.cpython());
        file = dir.resolve("nb.py");
        Files.writeString(file, "# cellar: python=" + TestPython.cpython() + "\n");
        daemon = Daemon.start(dir.resolve("cellar.sock"));
        AttachedClient attached = AttachedClient.open(dir.resolve("cellar.sock"), file, received);
        client = attached.client();
        nb = attached.notebookId();
        x = create("x = 1");
        y = create("y = x * 10\ny");
        await("y ran", () -> cell(y).status() == CellStatus.OK);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void sedOnTheOpenNotebookReachesItAsAFileEditThatRunsNothing() throws Exception {
        Process sed = new ProcessBuilder("sed", "-i", "s/^x = 1$/x = 2/", file.toString()).inheritIO().start();
        assertThat(sed.waitFor()).isZero();

        Event updated = awaitEvent(e -> e.type() == EventType.CELL_UPDATED && x.equals(e.cellId()));
        assertThat(updated.actor()).isEqualTo("file");
        assertThat(cell(x).code()).isEqualTo("x = 2");
        assertThat(cell(x).lastActor()).isEqualTo("file");
        // an unconfined kernel: the change waits for a person, and so does its reader
        assertThat(cell(x).status()).isEqualTo(CellStatus.STALE);
        assertThat(cell(y).status()).isEqualTo(CellStatus.STALE);

        Event present = awaitEvent(e -> e.type() == EventType.PRESENCE && "file".equals(e.actor()));
        assertThat(((Event.Presence) present).presence()).anyMatch(p -> p.name().equals("file") && x.equals(p.cellId()));

        // the next edit through the daemon keeps what sed wrote
        update(y, "y = x * 100\ny");
        assertThat(Files.readString(file)).contains("x = 2", "y = x * 100");
    }

    /** The daemon's own policy (CELLAR_APPROVAL=auto), where the header names none, lets file edits run as agents' would. */
    @Test
    void withTheDaemonsPolicyAutoAFileEditRunsByItself() throws Exception {
        close();
        events.clear();
        daemon = Daemon.start(dir.resolve("cellar.sock"), new dev.cellar.daemon.assistant.AssistantConfig(null, null, null,
                dev.cellar.daemon.assistant.ApprovalPolicy.AUTO, 10, 100_000, java.time.Duration.ofSeconds(30)));
        AttachedClient attached = AttachedClient.open(dir.resolve("cellar.sock"), file, received);
        client = attached.client();
        nb = attached.notebookId();

        Files.writeString(file, Files.readString(file).replace("x = 1", "x = 3"));

        await("x and its reader ran by themselves", () -> cell(y).status() == CellStatus.OK
                && cell(y).outputs().toString().contains("30"));
    }

    @Test
    void anEditorSaveByRenameAddsACellThatTheNextEditKeeps() throws Exception {
        String text = Files.readString(file) + "\n# %%\nz = 3\n";
        Path temp = dir.resolve(".nb.py.swp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        Event created = awaitEvent(e -> e.type() == EventType.CELL_CREATED && ((Event.WithCell) e).cell().code().equals("z = 3"));
        assertThat(created.actor()).isEqualTo("file");
        assertThat(((Event.CellCreated) created).index()).isEqualTo(2);

        update(x, "x = 5");
        String saved = Files.readString(file);
        assertThat(saved).contains("x = 5", "y = x * 10", "z = 3");
        assertThat(snapshot().cells()).extracting(CellInfo::code).containsExactly("x = 5", "y = x * 10\ny", "z = 3");
    }

    @Test
    void anOutsideChangeBeforeASaveIsMergedAndAConflictingVersionedEditIsRefused() throws Exception {
        // whether the watcher or the save's own check sees the change first, the result is the same
        long versionX = cell(x).version();
        String changed = Files.readString(file).replace("x = 1", "x = 7") + "\n# %%\nw = 4\n";
        Files.writeString(file, changed);
        assertThatThrownBy(() -> client.call(Methods.CELL_UPDATE, new UpdateCellParams(nb, x, "x = 8", versionX),
                CellResult.class)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFLICT));
        update(y, "y = x + 1\ny");
        assertThat(Files.readString(file)).contains("x = 7", "w = 4", "y = x + 1");
    }

    @Test
    void aFileWrittenInTwoHalvesIsNeverAppliedHalf() throws Exception {
        String whole = Files.readString(file) + "\n# %%\nz = 3\n";
        int cut = whole.indexOf("# %%", whole.indexOf("x = 1")); // the first half ends before y's cell
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(whole.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            out.flush();
            // the watcher looks while the writer holds the file open: it must wait for the rest
            Thread.sleep(500); // the pause is the point of the test: a writer stalled mid-file
            out.write(whole.substring(cut).getBytes(StandardCharsets.UTF_8));
        }
        awaitEvent(e -> e.type() == EventType.CELL_CREATED && ((Event.WithCell) e).cell().code().equals("z = 3"));
        assertThat(events).noneMatch(e -> e.type() == EventType.CELL_DELETED
                || e.type() == EventType.CELL_UPDATED && y.equals(e.cellId()));
        assertThat(snapshot().cells()).extracting(CellInfo::code).containsExactly("x = 1", "y = x * 10\ny", "z = 3");
    }

    @Test
    void aDeletedNotebookIsNotRecreatedUntilSavedAgain() throws Exception {
        Files.delete(file);
        Event gone = awaitEvent(e -> e.type() == EventType.NOTEBOOK_FILE);
        assertThat(((Event.NotebookFile) gone).notice()).contains("moved or deleted outside Cellar");

        assertThatThrownBy(() -> update(x, "x = 2")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTEBOOK_IO);
            assertThat(e.getMessage()).contains("nb.py was moved or deleted outside Cellar", "cellar save");
        });
        assertThat(file).doesNotExist();

        client.call(Methods.NOTEBOOK_SAVE, new NotebookParams(nb), NotebookSnapshot.class);
        assertThat(Files.readString(file)).contains("x = 1", "y = x * 10");
        update(x, "x = 2");
        assertThat(Files.readString(file)).contains("x = 2");
    }

    @Test
    void aNotebookMovedAwayWhileOpenIsNotRecreatedAndItsNewFileIsLeftAlone() throws Exception {
        Path moved = dir.resolve("renamed.py");
        Files.move(file, moved);
        byte[] there = Files.readAllBytes(moved);
        Event gone = awaitEvent(e -> e.type() == EventType.NOTEBOOK_FILE);
        assertThat(((Event.NotebookFile) gone).notice()).contains("nb.py was moved or deleted outside Cellar");
        assertThatThrownBy(() -> update(x, "x = 2")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTEBOOK_IO));
        assertThatThrownBy(() -> create("z = 1")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTEBOOK_IO));
        assertThat(file).doesNotExist();
        assertThat(Files.readAllBytes(moved)).isEqualTo(there);
    }

    /** git mv (or mv) of an open notebook, then save --to: it lives at the new path, sidecars and all. */
    @Test
    void aMovedNotebookSavedToItsNewPathLivesThereWithItsSidecars() throws Exception {
        Path sidecar = dir.resolve(".cellar/nb.py.turns.json");
        Files.createDirectories(sidecar.getParent());
        Files.writeString(sidecar, "[]");
        Path moved = dir.resolve("renamed.py");
        Files.move(file, moved);
        awaitEvent(e -> e.type() == EventType.NOTEBOOK_FILE);

        NotebookSnapshot saved = client.call(Methods.NOTEBOOK_SAVE,
                new dev.cellar.protocol.method.SaveParams(nb, moved.toString()), NotebookSnapshot.class);

        assertThat(saved.path()).isEqualTo(moved.toRealPath().toString());
        update(x, "x = 7");
        assertThat(Files.readString(moved)).contains("x = 7", "y = x * 10");
        assertThat(file).doesNotExist();
        assertThat(dir.resolve(".cellar/renamed.py.turns.json")).exists();
        assertThat(sidecar).doesNotExist();
        // the watch moved too: an outside change of the new file reaches the notebook
        Files.writeString(moved, Files.readString(moved).replace("x = 7", "x = 8"));
        await("the new file is watched", () -> cell(x).code().equals("x = 8"));
        // and another file is never overwritten by a save to its path
        Path other = Files.writeString(dir.resolve("other.py"), "# %%\nkeep = 1\n");
        assertThatThrownBy(() -> client.call(Methods.NOTEBOOK_SAVE,
                new dev.cellar.protocol.method.SaveParams(nb, other.toString()), NotebookSnapshot.class))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.getMessage()).contains("not overwritten"));
        assertThat(Files.readString(other)).isEqualTo("# %%\nkeep = 1\n");
    }

    /** git checkout of an older revision of the notebook: the open notebook follows the file. */
    @Test
    void gitCheckoutOfAnOlderRevisionReachesTheOpenNotebook() throws Exception {
        git("init", "-q");
        git("add", "nb.py");
        git("commit", "-q", "-m", "first");
        update(x, "x = 2");
        create("z = 3");
        git("commit", "-q", "-am", "second");
        assertThat(snapshot().cells()).extracting(CellInfo::code).containsExactly("x = 2", "y = x * 10\ny", "z = 3");

        git("checkout", "-q", "HEAD~1", "--", "nb.py");

        await("the notebook is the first revision again", () -> snapshot().cells().stream().map(CellInfo::code).toList()
                .equals(List.of("x = 1", "y = x * 10\ny")));
        assertThat(cell(x).lastActor()).isEqualTo("file");
        assertThat(events).anyMatch(e -> e.type() == EventType.CELL_DELETED && "file".equals(e.actor()));
    }

    private void git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
    }

    /** rm nb.py; cellar new nb.py (or import) while it is open: the old cells are not handed back as a new notebook. */
    @Test
    void creatingANotebookWhoseOpenFileWasDeletedIsRefusedNotAppendedTo() throws Exception {
        Files.delete(file);
        assertThatThrownBy(() -> client.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), true),
                NotebookSnapshot.class)).isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTEBOOK_IO);
                    assertThat(e.getMessage()).contains("still open in the daemon", "cellar close");
                });
        assertThat(file).doesNotExist();
    }

    @Test
    void aHeaderThatWidensRightsWaitsAndOneThatNarrowsApplies() throws Exception {
        String oldHeader = "# cellar: python=" + TestPython.cpython();
        String newHeader = "# cellar: python=/usr/bin/false approval=auto memory=512M";
        Files.writeString(file, Files.readString(file).replace(oldHeader, newHeader));
        Event held = awaitEvent(e -> e.type() == EventType.NOTEBOOK_FILE);
        assertThat(((Event.NotebookFile) held).notice()).contains("python=/usr/bin/false", "approval=auto", "waits for a person")
                .doesNotContain("memory");
        // memory=512M narrows: it applies, with a new kernel, so what had run is stale
        await("the kernel restarted", () -> cell(y).status() == CellStatus.STALE && cell(x).status() == CellStatus.STALE);
        assertThat(snapshot().kernel().executable()).isEqualTo(TestPython.cpython().toString());

        // approval=auto waits too: the next change from the file still runs nothing by itself
        Files.writeString(file, Files.readString(file).replace("x = 1", "x = 4"));
        awaitEvent(e -> e.type() == EventType.CELL_UPDATED && x.equals(e.cellId()));
        assertThat(cell(x).status()).isEqualTo(CellStatus.STALE);

        // a person's edit saves the file with the header as it was written
        update(y, "y = x * 2\ny");
        assertThat(Files.readString(file)).startsWith(newHeader + "\n").contains("x = 4", "y = x * 2");
        assertThat(snapshot().kernel().pending()).contains("python=/usr/bin/false", "cellar confirm");

        // a person confirms: the header as written applies (the Python it names, approval=auto)
        ConfirmResult confirmed = client.call(Methods.NOTEBOOK_CONFIRM, new ConfirmParams(nb, null, false, null),
                ConfirmResult.class);
        assertThat(confirmed.kernel().description() + " " + confirmed.kernel().problem()).contains("/usr/bin/false");
        assertThat(snapshot().kernel().pending()).isNull();
    }

    /**
     * 200 rounds in which another program adds a cell to the file (read, append, write a temp
     * file and rename it over the notebook, as an editor saves) while a client adds one through
     * the daemon, at random offsets. Every cell the writer added and every acknowledged create
     * must end in the file and in the notebook.
     */
    @Test
    void outsideWritersAndClientsAddingCellsAtOnceLoseNothing() throws Exception {
        int rounds = 200;
        java.util.Random random = new java.util.Random(42);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        int acknowledged = 0;
        int conflicts = 0;
        try {
            for (int i = 0; i < rounds; i++) {
                int round = i;
                long writerDelay = random.nextInt(3_000_000);
                long clientDelay = random.nextInt(3_000_000);
                var writer = pool.submit(() -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(writerDelay);
                    String text = Files.readString(file) + "\n# %%\nfrom_file_" + round + " = " + round + "\n";
                    Path temp = dir.resolve(".nb.py.tmp" + round);
                    Files.writeString(temp, text);
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return null;
                });
                var client = pool.submit(() -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(clientDelay);
                    return create("from_client_" + round + " = " + round);
                });
                writer.get();
                try {
                    client.get();
                    acknowledged++;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RpcException r && r.errorCode() == ErrorCode.CONFLICT) {
                        conflicts++;
                    } else {
                        throw e;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int expectedClient = acknowledged;
        await("the last outside change is in the notebook", () -> snapshot().cells().stream()
                .anyMatch(c -> c.code().equals("from_file_" + (rounds - 1) + " = " + (rounds - 1))));
        update(x, "x = 1000"); // one more save: the file then holds everything the daemon has
        String saved = Files.readString(file);
        List<String> codes = snapshot().cells().stream().map(CellInfo::code).toList();
        int fileCells = 0;
        int clientCells = 0;
        for (int i = 0; i < rounds; i++) {
            if (saved.contains("from_file_" + i + " = " + i) && codes.contains("from_file_" + i + " = " + i)) {
                fileCells++;
            }
            if (saved.contains("from_client_" + i + " = " + i) && codes.contains("from_client_" + i + " = " + i)) {
                clientCells++;
            }
        }
        System.out.printf("race: %d rounds; outside cells kept %d; client creates acknowledged %d, kept %d, CONFLICT %d%n",
                rounds, fileCells, acknowledged, clientCells, conflicts);
        assertThat(fileCells).as("cells the outside writer added").isEqualTo(rounds);
        assertThat(clientCells).as("acknowledged creates").isEqualTo(expectedClient);
        assertThat(acknowledged + conflicts).isEqualTo(rounds);
    }

    private String create(String code) throws Exception {
        return client.call(Methods.CELL_CREATE, new CreateCellParams(nb, CellKind.PYTHON, code, null, null, null),
                CellResult.class).cell().id();
    }

    private void update(String cellId, String code) throws Exception {
        client.call(Methods.CELL_UPDATE, new UpdateCellParams(nb, cellId, code, null), CellResult.class);
    }

    private NotebookSnapshot snapshot() throws Exception {
        return client.call(Methods.NOTEBOOK_GET, new NotebookParams(nb), NotebookSnapshot.class);
    }

    private CellInfo cell(String cellId) throws Exception {
        return snapshot().cell(cellId);
    }

    private Event awaitEvent(Predicate<Event> wanted) {
        return received.first("such an event", wanted);
    }

    private void await(String what, Await.Check condition) {
        received.until(what, condition);
    }
}
