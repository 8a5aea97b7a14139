package dev.cellar.tui.input;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.protocol.method.InterpretersResult;
import dev.cellar.protocol.method.KernelUseParams;
import dev.cellar.protocol.method.KernelUseResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.KernelInfo;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.PythonChoice;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code P}: the Python picker lists what the daemon found and writes the choice only on Enter, through kernel.use. */
class PythonPickerKeysTest {
    private static final InterpretersResult FOUND = new InterpretersResult("auto", List.of(
            new InterpretersResult.Choice(".venv/bin/python", "/p/.venv/bin/python", "the .venv of /p", null, Map.of(),
                    "in the notebook's folder; it runs once you pick it", null, false),
            new InterpretersResult.Choice("/usr/bin/python3", "/usr/bin/python3", "PATH", "CPython 3.11.2",
                    Map.of("numpy", true, "pandas", false, "matplotlib", true), null, null, true),
            new InterpretersResult.Choice("graalpy", null, "embedded in Cellar", "GraalPy (embedded)", Map.of(), null,
                    null, false)));

    private static TuiState notebook() {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/p/nb.py", 1, 3, List.of(
                cell("aa1111", "import pandas", CellStatus.ERROR))));
    }

    private static Step press(TuiState s, char c) {
        return Keymap.dispatch(s, new KeyStroke(c, false, false), 10);
    }

    private static Step press(TuiState s, KeyType type) {
        return Keymap.dispatch(s, new KeyStroke(type), 10);
    }

    @Test
    void pickingAPythonListsWhatWasFoundAndWritesItOnlyOnEnter() {
        Step opened = press(notebook(), 'P');
        assertThat(opened.state().mode()).isEqualTo(Mode.PICK_PYTHON);
        assertThat(opened.requests()).extracting(Effect.Request::method).containsExactly(Methods.KERNEL_INTERPRETERS);
        assertThat(press(opened.state(), KeyType.Enter).requests()).as("nothing to use while it loads").isEmpty();

        TuiState listed = opened.requests().getFirst().onOk().apply(opened.state(), Json.MAPPER.valueToTree(FOUND)).state();
        PythonChoice choice = ((Screen.PickPython) listed.screen()).choice();
        assertThat(choice.choice().python()).as("opens on the Python it runs on").isEqualTo("/usr/bin/python3");
        assertThat(String.join("\n", choice.lines())).contains(
                ".venv/bin/python  from the .venv of /p", "not probed: in the notebook's folder",
                "/usr/bin/python3  (runs now)", "CPython 3.11.2  numpy yes  pandas no  matplotlib yes",
                "GraalPy (embedded)");

        Step moved = press(listed, 'k');
        assertThat(moved.requests()).as("moving changes nothing").isEmpty();
        Step used = press(moved.state(), KeyType.Enter);
        assertThat(used.state().mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(used.requests()).hasSize(1);
        Effect.Request use = used.requests().getFirst();
        assertThat(use.method()).isEqualTo(Methods.KERNEL_USE);
        assertThat(((KernelUseParams) use.params()).python()).isEqualTo(".venv/bin/python");
        assertThat(((KernelUseParams) use.params()).notebookId()).isEqualTo("nb1");
        KernelUseResult answer = new KernelUseResult(".venv/bin/python", true,
                new KernelInfo("CPython", "3.12.1", "/p/.venv/bin/python", "CPython 3.12.1 (/p/.venv/bin/python)", "off",
                        null), "nb.py runs on CPython 3.12.1 (/p/.venv/bin/python)");
        assertThat(use.onOk().apply(used.state(), Json.MAPPER.valueToTree(answer)).state().message())
                .isEqualTo("nb.py runs on CPython 3.12.1 (/p/.venv/bin/python)");

        for (Step cancelled : List.of(press(listed, KeyType.Escape), press(listed, 'q'))) {
            assertThat(cancelled.requests()).isEmpty();
            assertThat(cancelled.state().mode()).isEqualTo(Mode.NAVIGATE);
        }
    }

    @Test
    void aFileNameCannotSendControlSequencesToTheTerminal() {
        InterpretersResult evil = new InterpretersResult("auto", List.of(new InterpretersResult.Choice(
                "/tmp/\u001b]52;c;aGk=\u0007python3", "/tmp/x", "PATH", "CPython 3.11.2", Map.of(), null, null, false)));
        assertThat(String.join("", PythonChoice.of(evil).lines())).doesNotContain("\u001b", "\u0007");
    }
}
