package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20, "the worker's channel can be forged by cell code": a cell that writes frames into
 * the worker's channel (found the way cell code can: the worker's own globals, and the fd it
 * had before) changes no other cell's outputs or status, and a failing cell after it still
 * fails the run.
 */
@ParameterizedClass(name = "sandbox={0}")
@ValueSource(booleans = {false, true})
class ForgedFramesTest {
    /** Frames written every way cell code can reach the channel; guesses for the next request's id too. */
    private static final String FORGE = """
            import json, os, struct, sys
            def _frame(message):
                data = json.dumps(message).encode()
                return struct.pack('>I', len(data)) + data
            _f = sys._getframe()
            while _f is not None and '_proto_out' not in _f.f_globals:
                _f = _f.f_back
            _out = _f.f_globals['_proto_out']
            _mine = _f.f_globals.get('_request_id')
            _forged = [{'op': 'done', 'status': 'ok'},
                       {'op': 'stream', 'name': 'stdout', 'text': 'FORGED OUTPUT\\n'},
                       {'op': 'done', 'status': 'ok', 'display': {'type': 'text', 'text': 'FORGED'}, 'id': None}]
            for _guess in ('0', '1', '2', str(_mine), (_mine or '') + '1', hex(int(_mine or '0', 16) + 1)[2:]):
                _forged += [{'op': 'stream', 'name': 'stdout', 'text': 'FORGED OUTPUT\\n', 'id': _guess},
                            {'op': 'done', 'status': 'ok', 'display': {'type': 'text', 'text': 'FORGED'}, 'id': _guess}]
            for _m in _forged:
                if _m.get('id', '') != _mine:  # answering for itself is the one thing it may do
                    _out.write(_frame(_m))
            try:
                os.write(4, _frame({'op': 'done', 'status': 'ok'}))  # where the channel used to be
            except OSError:
                pass
            _out.write(struct.pack('>I', 9) + b'{not json')
            print('forger ran')""";

    @Parameter
    boolean sandbox;

    @TempDir
    Path dir;

    @Test
    void aCellThatForgesFramesChangesNoOtherCellAndAFailureAfterItStillFailsTheRun() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path file = dir.resolve("forge.py");
        Files.writeString(file, "# cellar: autorun=false" + (sandbox ? " sandbox=on" : "") + "\n\n"
                + "# %% id=forger\n" + FORGE + "\n\n"
                + "# %% id=second\nprint('second ran')\n2 + 2\n\n"
                + "# %% id=third\nprint('third ran')\n1 / 0\n\n"
                + "# %% id=fourth\nprint('fourth ran')\n'four'\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("forge", file, false,
                TestDaemonParts.services(new NotebookStore(), TestPython.CPYTHON)))) {
            assumeTrue(!sandbox || !"unavailable".equals(nb.snapshot().kernel().sandbox()),
                    "this machine cannot confine a worker: " + nb.snapshot().kernel().problem());
            RunResult run = nb.runAll();
            CellInfo forger = nb.cell("forger");
            CellInfo second = nb.cell("second");
            CellInfo third = nb.cell("third");
            CellInfo fourth = nb.cell("fourth");
            assertThat(forger.status()).as("%s", forger.error()).isEqualTo(CellStatus.OK);
            assertThat(text(forger)).isEqualTo("forger ran\n");
            assertThat(second.status()).isEqualTo(CellStatus.OK);
            assertThat(text(second)).isEqualTo("second ran\n4");
            assertThat(third.status()).isEqualTo(CellStatus.ERROR);
            assertThat(third.error().ename()).isEqualTo("ZeroDivisionError");
            assertThat(text(third)).isEqualTo("third ran\n");
            assertThat(fourth.status()).isEqualTo(CellStatus.OK);
            assertThat(text(fourth)).isEqualTo("fourth ran\n'four'");
            // what a batch run's exit code is made from: the failing cell is in the run's result as failed
            assertThat(run.cells()).anySatisfy(c -> {
                assertThat(c.id()).isEqualTo("third");
                assertThat(c.status()).isEqualTo(CellStatus.ERROR);
            });
        }
    }

    @Test
    void aCellThatWritesWhatCannotBeAFrameLosesOnlyItsWorkerAndTheNextCellsRunOnAFreshOne() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Path file = dir.resolve("garbage.py");
        Files.writeString(file, "# cellar: autorun=false" + (sandbox ? " sandbox=on" : "") + "\n\n"
                + "# %% id=before\nx = 1\n\n"
                + "# %% id=garbage\nimport sys\n_f = sys._getframe()\n"
                + "while '_proto_out' not in _f.f_globals:\n    _f = _f.f_back\n"
                + "_f.f_globals['_proto_out'].write(b'\\xff\\xff\\xff\\xffgarbage')\n\n"
                + "# %% id=after\nprint('after ran')\n'after'\n");
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("garbage", file, false,
                TestDaemonParts.services(new NotebookStore(), TestPython.CPYTHON)))) {
            assumeTrue(!sandbox || !"unavailable".equals(nb.snapshot().kernel().sandbox()),
                    "this machine cannot confine a worker: " + nb.snapshot().kernel().problem());
            nb.runAll();
            CellInfo garbage = nb.cell("garbage");
            assertThat(garbage.status()).isEqualTo(CellStatus.ERROR);
            assertThat(garbage.error().message()).contains("channel broke");
            CellInfo after = nb.cell("after");
            assertThat(after.status()).as("%s", after.error()).isEqualTo(CellStatus.OK);
            assertThat(text(after)).isEqualTo("after ran\n'after'");
        }
    }
}
