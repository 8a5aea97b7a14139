package dev.cellar.tui.view;

import static dev.cellar.tui.Cells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.method.InterpretersResult;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.PythonChoice;
import dev.cellar.tui.state.Reducer;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python picker at 80x24: each Python with what it is, the highlighted one kept in view. */
class PythonPickerViewTest {
    private static TuiState picking(PythonChoice choice) {
        return Reducer.snapshot(TuiState.empty("nb.py"), new NotebookSnapshot("nb1", "/p/nb.py", 1, 3, List.of(
                cell("aa1111", "import pandas", CellStatus.ERROR)))).to(new Screen.PickPython(choice));
    }

    private static InterpretersResult.Choice python(String path, boolean running) {
        return new InterpretersResult.Choice(path, path, "PATH", "CPython 3.11.2",
                Map.of("numpy", true, "pandas", false, "matplotlib", true), null, null, running);
    }

    @Test
    void thePickerShowsEachPythonWithItsPackagesAndTheKeys() throws Exception {
        String screen = ScreenText.render(picking(PythonChoice.of(new InterpretersResult("auto", List.of(
                python("/usr/bin/python3", true), new InterpretersResult.Choice(".venv/bin/python", "/p/.venv/bin/python",
                        "the .venv of /p", null, Map.of(), "in the notebook's folder; it runs once you pick it", null,
                        false))))), 80, 24, true);
        assertThat(screen).contains("Choose the Python this notebook runs on (python=auto now)",
                "> /usr/bin/python3  (runs now)  from PATH", "CPython 3.11.2  numpy yes  pandas no  matplotlib yes",
                "  .venv/bin/python  from the .venv of /p", "not probed: in the notebook's folder; it runs once you pick",
                "python:", "choose", "use it", "cancel");
    }

    @Test
    void theHighlightedPythonStaysInViewOnAShortTerminal() throws Exception {
        List<InterpretersResult.Choice> many = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            many.add(python("/opt/py" + i + "/bin/python3", i == 0));
        }
        PythonChoice last = PythonChoice.of(new InterpretersResult("auto", many)).move(-1);
        assertThat(ScreenText.render(picking(last), 80, 24, true)).contains("> /opt/py14/bin/python3");
    }
}
