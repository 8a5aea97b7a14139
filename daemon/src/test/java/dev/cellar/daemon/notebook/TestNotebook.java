package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A notebook session in a temp folder, driven the way the dispatcher drives it, with its events recorded. */
final class TestNotebook implements AutoCloseable {
    static final Origin USER = new Origin("user:test", null);

    final NotebookSession session;
    final List<Event> events = new CopyOnWriteArrayList<>();

    TestNotebook(Path file) {
        this(file, TestPython.fastest());
    }

    TestNotebook(Path file, TestPython python) {
        this(NotebookSession.open("t", file, true, TestDaemonParts.services(python)));
    }

    TestNotebook(NotebookSession session) {
        this.session = session;
        call(new Command.Subscribe(events::add, null));
    }

    <R> R call(Command<R> command) {
        try {
            return session.submit(USER, command).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String add(String code) {
        return (call(new Command.CreateCell(CellKind.PYTHON, code, null, null, null))).cell().id();
    }

    CellInfo edit(String cellId, String code) {
        return (call(new Command.UpdateCell(cellId, code, null))).cell();
    }

    RunResult runAndWait(String... cellIds) {
        return call(new Command.Run(List.of(cellIds), true));
    }

    RunResult runAll() {
        return call(new Command.Run(null, true));
    }

    NotebookSnapshot snapshot() {
        return call(new Command.Snapshot());
    }

    CellInfo cell(String cellId) {
        return snapshot().cell(cellId);
    }

    /**
     * Waits until every run started so far has finished and no cell is queued or running
     * (autorun after an edit runs in the background).
     */
    NotebookSnapshot awaitQuiet() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            NotebookSnapshot s = snapshot();
            boolean runsDone = eventsOf(EventType.RUN_STARTED).size() == eventsOf(EventType.RUN_FINISHED).size();
            if (runsDone && s.cells().stream().noneMatch(c -> c.status().isPending())) {
                return s;
            }
            sleep(10);
        }
        throw new AssertionError("cells still pending after 60 s: " + snapshot());
    }

    void awaitStatus(String cellId, CellStatus status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (cell(cellId).status() != status) {
            assertThat(System.nanoTime()).as("waiting for %s to be %s", cellId, status).isLessThan(deadline);
            sleep(5);
        }
    }

    /** The text a user sees for a cell: its streams and its display value. */
    static String text(CellInfo cell) {
        return cell.outputs().stream().map(o -> switch (o) {
            case Output.Stream s -> s.text();
            case Output.Text t -> t.text();
            case Output.Table t -> t.toString();
            case Output.Display d -> d.plain();
        }).collect(Collectors.joining());
    }

    List<Event> eventsOf(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
