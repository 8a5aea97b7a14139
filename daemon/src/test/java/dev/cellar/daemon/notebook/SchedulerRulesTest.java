package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.Await;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.analysis.Analyzers;
import dev.cellar.daemon.scripted.ScriptedKernels;
import dev.cellar.daemon.scripted.TinyAnalyzer;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's rules (docs/ARCHITECTURE.md §5) on a scripted kernel and a tiny analyser:
 * no Python, no GraalPy, no worker process. Cells are written in {@link TinyAnalyzer}'s
 * syntax; {@code # block g} holds a cell in the kernel until the test opens gate {@code g}
 * (see {@link ScriptedKernels}). Waiting is done by {@link Await}, woken by the session's
 * events and the kernel's log, never by sleeping.
 */
class SchedulerRulesTest {
    @TempDir
    Path dir;

    private final TinyAnalyzer analyzer = new TinyAnalyzer();
    private final Await await = new Await();
    private final ScriptedKernels kernels = new ScriptedKernels().onChange(await::wake);
    /** The session, driven as the dispatcher drives it, its events recorded. */
    private TestNotebook nb;
    /** Processes this JVM had started before the test (other test classes' workers may live on). */
    private java.util.Set<Long> childrenBefore;

    @BeforeEach
    void open() {
        childrenBefore = children();
        nb = new TestNotebook(NotebookSession.open("s", dir.resolve("nb.py"), true,
                TestDaemonParts.withoutPython(Analyzers.using(analyzer), kernels)));
        call(new Command.Subscribe(await, null));
    }

    @AfterEach
    void noPythonWasStarted() {
        nb.close();
        assertThat(analyzer.analysed()).as("the tiny analyser analysed the cells").isPositive();
        java.util.Set<Long> started = children();
        started.removeAll(childrenBefore);
        assertThat(started.stream().map(pid -> pid + " " + ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
                .orElse("(ended)")).toList()).as("processes started during the test").isEmpty();
    }

    private static java.util.Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    // ---- edits during a run

    @Test
    void aCellEditedWhileItRunsDoesNotGetTheOldCodesResultAndStaysStale() {
        String a = add("x = 1  # block g\n# print old");
        run(a);
        awaitInKernel("g");

        edit(a, "x = 2", false);
        kernels.open("g");
        NotebookSnapshot s = awaitQuiet();

        assertThat(s.cell(a).status()).isEqualTo(CellStatus.STALE);
        assertThat(s.cell(a).outputs()).as("what the old code printed is not the new code's output").isEmpty();
        assertThat(runsOf(a)).hasSize(1);
    }

    @Test
    void aCellThatRanAndIsMadeMarkdownIsIdleNotStaleAndRunsNothing() {
        String a = add("x = 1\n# print one");
        runAndWait(a);
        assertThat(status(a)).isEqualTo(CellStatus.OK);

        CellInfo md = (call(new Command.UpdateCell(a, "x = 1\n# print one", null, true, CellKind.MARKDOWN,
                null))).cell();
        NotebookSnapshot s = awaitQuiet();

        assertThat(md.kind()).isEqualTo(CellKind.MARKDOWN);
        assertThat(s.cell(a).status()).as("a markdown cell never runs, so it cannot be stale").isEqualTo(CellStatus.IDLE);
        assertThat(s.cell(a).outputs()).as("the Python it was printed them").isEmpty();
        assertThat(runsOf(a)).as("made markdown, it is not run").hasSize(1);
    }

    @Test
    void aCellEditedWhileItRunsIsRunAgainWithTheNewCodeBeforeItsQueuedChild() {
        String a = add("x = 1  # block g\n# print old");
        String b = add("y = x");
        run(a);
        awaitInKernel("g");
        assertThat(status(b)).isEqualTo(CellStatus.QUEUED);

        long newVersion = edit(a, "x = 2", false).version();
        kernels.open("g");
        NotebookSnapshot s = awaitQuiet();

        assertThat(s.cells()).extracting(CellInfo::status).containsOnly(CellStatus.OK);
        assertThat(s.cell(a).outputs()).as("the old code's output is dropped").isEmpty();
        assertThat(ranCells()).containsExactly(a, a, b);
        assertThat(runsOf(a).getLast()).isEqualTo("k1 run " + a + " v" + newVersion);
    }

    @Test
    void aCellEditedWhileItRunsWithAutorunRunsAgainWithTheNewCode() {
        String a = add("x = 1  # block g");
        run(a);
        awaitInKernel("g");

        long newVersion = edit(a, "x = 2  # print new", true).version();
        kernels.open("g");
        NotebookSnapshot s = awaitQuiet();

        assertThat(s.cell(a).status()).isEqualTo(CellStatus.OK);
        assertThat(text(s.cell(a))).isEqualTo("new\n");
        assertThat(runsOf(a)).hasSize(2).last().isEqualTo("k1 run " + a + " v" + newVersion);
    }

    @Test
    void anEditDuringARunThatAddsADependencyQueuesTheNewParentFirst() {
        String p = add("p = 1");
        String s = add("s = 1  # block g");
        String t = add("t = s");
        run(s);
        awaitInKernel("g");
        assertThat(status(t)).isEqualTo(CellStatus.QUEUED);

        edit(t, "t = s + p", false);
        kernels.open("g");
        NotebookSnapshot snap = awaitQuiet();

        assertThat(snap.cells()).extracting(CellInfo::status).containsOnly(CellStatus.OK);
        assertThat(ranCells()).containsExactly(s, p, t);
    }

    // ---- interrupt

    @Test
    void interruptSendsQueuedCellsBackAndInterruptsTheRunningOne() {
        kernels.open("warm");
        String s = add("s = 1  # block warm\n# block g");
        String a = add("x = s  # print a ran");
        run(a); // a and its never-run parent s: s waits at g
        awaitInKernel("g");
        kernels.open("g");
        awaitQuiet();
        String c = add("z = x"); // never ran
        kernels.shut("g");

        run(s);
        awaitInKernel("g");
        assertThat(status(a)).isEqualTo(CellStatus.QUEUED);
        assertThat(status(c)).isEqualTo(CellStatus.QUEUED);
        call(new Command.Interrupt());
        NotebookSnapshot snap = awaitQuiet();

        assertThat(snap.cell(s).status()).isEqualTo(CellStatus.INTERRUPTED);
        assertThat(snap.cell(a).status()).as("queued, had run before").isEqualTo(CellStatus.STALE);
        assertThat(snap.cell(c).status()).as("queued, never ran").isEqualTo(CellStatus.IDLE);
        assertThat(kernels.log()).contains("k1 interrupt");
        assertThat(runsOf(a)).hasSize(1);
        assertThat(runsOf(c)).isEmpty();
    }

    @Test
    void anInterruptedQueuedCellThatRanWithoutOutputIsStaleNotIdle() {
        kernels.open("warm");
        String s = add("s = 1  # block warm\n# block g");
        String a = add("x = s"); // prints nothing
        run(a);
        awaitInKernel("g");
        kernels.open("g");
        awaitQuiet();
        kernels.shut("g");

        run(s);
        awaitInKernel("g");
        call(new Command.Interrupt());
        NotebookSnapshot snap = awaitQuiet();

        assertThat(snap.cell(a).status()).as("queued, had run before").isEqualTo(CellStatus.STALE);
    }

    // ---- delete

    @Test
    void aCellDeletedWhileItRunsHasItsNamesReleasedAtTheNextStep() {
        String a = add("x = 1  # block g");
        String other = add("w = 1");
        runAndWait(other);
        run(a);
        awaitInKernel("g");

        call(new Command.DeleteCell(a, null));
        long statesBefore = count(EventType.CELL_STATE, a);
        assertThat(logAfter("k1 run " + a + " v1")).as("nothing is cleared while the cell runs").isEmpty();
        kernels.open("g");
        await.until("x released after the deleted cell ended", () -> logAfter("k1 run " + a + " v1").contains("k1 clear [x]"));
        awaitQuiet();

        assertThat(kernels.variables()).as("the deleted cell's name is gone, the other cell's kept").containsOnlyKeys("w");
        assertThat(snapshot().cells()).extracting(CellInfo::id).containsExactly(other);
        assertThat(count(EventType.CELL_STATE, a)).as("no state event for the deleted cell after it ended")
                .isEqualTo(statesBefore);
    }

    @Test
    void aChangedCellsDroppedNamesAreClearedBeforeItRunsAgain() {
        String a = add("x = 1; y = 2");
        runAndWait(a);
        edit(a, "x = 3", false);
        runAndWait(a);
        assertThat(kernels.log()).contains("k1 clear [x, y]");
        assertThat(kernels.variables()).containsOnlyKeys("x");
    }

    // ---- restart and a lost kernel

    @Test
    void afterARestartWhatRanIsStaleAndTheNextRunMakesANewKernel() {
        String a = add("x = 1");
        String b = add("y = x");
        String never = add("q = 1");
        runAndWait(a);
        assertThat(cell(b).status()).isEqualTo(CellStatus.OK);
        call(new Command.RestartKernel());

        NotebookSnapshot s = await.until("cells stale after the restart", this::snapshot,
                snap -> snap.cell(a).status() == CellStatus.STALE && snap.cell(b).status() == CellStatus.STALE);
        assertThat(s.cell(never).status()).isEqualTo(CellStatus.IDLE);
        await.until("the old kernel closed", () -> kernels.log().contains("k1 close"));

        runAndWait(b);
        assertThat(kernels.made()).isEqualTo(2);
        assertThat(kernels.log()).containsSubsequence("k2 run " + a + " v1", "k2 run " + b + " v1");
        assertThat(kernels.variables()).containsOnlyKeys("x", "y");
        assertThat(cell(a).status()).isEqualTo(CellStatus.OK);
        assertThat(cell(b).status()).isEqualTo(CellStatus.OK);
    }

    @Test
    void aLostKernelMakesWhatRanBeforeStale() {
        String a = add("x = 1");
        String b = add("y = 2  # lose");
        runAndWait(a);
        runAndWait(b);
        assertThat(cell(b).status()).isEqualTo(CellStatus.ERROR);
        assertThat(cell(a).status()).isEqualTo(CellStatus.STALE);
    }

    // ---- failures

    @Test
    void aFailingCellBlocksItsDescendantsAndNothingElse() {
        String a = add("x = 1  # fail boom");
        String b = add("y = x");
        String c = add("z = y");
        String d = add("w = 1");
        call(new Command.Run(null, true));
        NotebookSnapshot s = snapshot();

        assertThat(s.cell(a).status()).isEqualTo(CellStatus.ERROR);
        assertThat(s.cell(a).error().summary()).isEqualTo("ScriptedError: boom");
        assertThat(s.cell(b).status()).isEqualTo(CellStatus.BLOCKED);
        assertThat(s.cell(b).error().message()).contains("upstream cell " + a + " failed");
        assertThat(s.cell(c).status()).isEqualTo(CellStatus.BLOCKED);
        assertThat(s.cell(d).status()).isEqualTo(CellStatus.OK);
        assertThat(ranCells()).containsExactlyInAnyOrder(a, d);
    }

    @Test
    void staticProblemsAreNotRunAndTheirDescendantsAreBlocked() {
        String a = add("x = 1");
        String dup = add("x = 2");
        String reader = add("y = x");
        String free = add("w = 1");
        call(new Command.Run(null, true));
        NotebookSnapshot s = snapshot();

        assertThat(s.cell(a).error().message()).contains("more than one cell");
        assertThat(s.cell(dup).error().message()).contains("more than one cell");
        assertThat(s.cell(reader).status()).isEqualTo(CellStatus.BLOCKED);
        assertThat(s.cell(free).status()).isEqualTo(CellStatus.OK);
        assertThat(ranCells()).containsExactly(free);
    }

    @Test
    void cellsRunParentsFirstAndOutputReachesTheCell() {
        String c = add("z = y  # print from c");
        String b = add("y = x");
        String a = add("x = 1");
        call(new Command.Run(null, true));
        assertThat(ranCells()).containsExactly(a, b, c);
        assertThat(text(cell(c))).isEqualTo("from c\n");
    }

    @Test
    void aCellOverItsTimeLimitIsInterruptedAndFailsWithATimeoutError() {
        String a = add("x = 1  # block never");
        String b = add("y = x");
        call(new Command.Run(List.of(a), true,
                new dev.cellar.daemon.run.RunOptions(java.util.Map.of(), java.time.Duration.ofMillis(100), false)));
        NotebookSnapshot s = snapshot();

        assertThat(s.cell(a).status()).isEqualTo(CellStatus.ERROR);
        assertThat(s.cell(a).error().ename()).isEqualTo("TimeoutError");
        assertThat(s.cell(b).status()).isEqualTo(CellStatus.BLOCKED);
        assertThat(kernels.log()).contains("k1 interrupt");
    }

    @Test
    void failFastStopsTheRestOfTheRunAtTheFirstFailure() {
        String a = add("x = 1  # fail boom");
        String d = add("w = 1");
        call(new Command.Run(null, true, new dev.cellar.daemon.run.RunOptions(java.util.Map.of(), null, true)));
        NotebookSnapshot s = snapshot();

        assertThat(s.cell(a).status()).isEqualTo(CellStatus.ERROR);
        assertThat(s.cell(d).status()).isEqualTo(CellStatus.BLOCKED);
        assertThat(s.cell(d).error().ename()).isEqualTo("NotRun");
        assertThat(ranCells()).containsExactly(a);
    }

    @Test
    void aCycleMadeDuringARunKeepsItsCellsFromRunning() {
        String s = add("s = 1  # block g");
        String t = add("t = s");
        String u = add("u = t");
        run(s);
        awaitInKernel("g");

        edit(t, "t = s + u", false);
        kernels.open("g");
        NotebookSnapshot snap = awaitQuiet();

        assertThat(ranCells()).containsExactly(s);
        assertThat(snap.cell(s).status()).isEqualTo(CellStatus.OK);
        assertThat(List.of(snap.cell(t).status(), snap.cell(u).status())).containsOnly(CellStatus.ERROR);
        assertThat(snap.cell(t).error().message()).contains("cycle");
        assertThat(snap.cell(u).error().message()).contains("cycle");
    }

    // ---- the fixture

    private <R> R call(Command<R> command) {
        return nb.call(command);
    }

    /** A cell at the end, never run by its creation. */
    private String add(String code) {
        return (call(new Command.CreateCell(CellKind.PYTHON, code, null, null, null, false, false))).cell().id();
    }

    private CellInfo edit(String cellId, String code, boolean autorun) {
        return (call(new Command.UpdateCell(cellId, code, null, autorun))).cell();
    }

    private void run(String... cellIds) {
        call(new Command.Run(List.of(cellIds), false));
    }

    private void runAndWait(String... cellIds) {
        call(new Command.Run(List.of(cellIds), true));
    }

    private NotebookSnapshot snapshot() {
        return call(new Command.Snapshot());
    }

    private CellInfo cell(String cellId) {
        return snapshot().cell(cellId);
    }

    private CellStatus status(String cellId) {
        return cell(cellId).status();
    }

    private void awaitInKernel(String gate) {
        await.until("a cell waiting at gate " + gate, () -> kernels.waitingAt(gate));
    }

    /** Every run started has finished and no cell is queued or running. */
    private NotebookSnapshot awaitQuiet() {
        return await.until("the notebook to be quiet", this::snapshot, s ->
                count(EventType.RUN_STARTED) == count(EventType.RUN_FINISHED)
                        && s.cells().stream().noneMatch(c -> c.status().isPending()));
    }

    private long count(EventType type, String cellId) {
        return nb.events.stream().filter(e -> e.type() == type && cellId.equals(e.cellId())).count();
    }

    private long count(EventType type) {
        return nb.events.stream().filter(e -> e.type() == type).count();
    }

    /** The cells the kernels ran, in order. */
    private List<String> ranCells() {
        return kernels.log().stream().filter(l -> l.contains(" run ")).map(l -> l.split(" ")[2]).toList();
    }

    /** What the kernels did after this log entry. */
    private List<String> logAfter(String entry) {
        List<String> log = kernels.log();
        int at = log.indexOf(entry);
        assertThat(at).as("%s in %s", entry, log).isNotNegative();
        return log.subList(at + 1, log.size());
    }

    private List<String> runsOf(String cellId) {
        return kernels.log().stream().filter(l -> l.matches("k\\d+ run " + cellId + " v\\d+")).toList();
    }

    private static String text(CellInfo cell) {
        return TestNotebook.text(cell);
    }
}
