package dev.cellar.tui.input;

import com.googlecode.lanterna.input.KeyStroke;
import dev.cellar.protocol.method.InterpretersResult;
import dev.cellar.protocol.method.KernelUseParams;
import dev.cellar.protocol.method.KernelUseResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.state.Effect;
import dev.cellar.tui.state.PythonChoice;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.Step;
import dev.cellar.tui.state.TuiState;

/**
 * The Python picker ({@code P}): opens at once and fills when the daemon has asked the Pythons
 * it found ({@code kernel.interpreters}); Enter writes the choice in the header through
 * {@code kernel.use}, and the kernel restarts on it. Nothing changes before Enter.
 */
final class PythonKeys {
    private PythonKeys() {
    }

    static Step open(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(new Screen.PickPython(PythonChoice.LOADING)).withMessage(""),
                new Effect.Request(Methods.KERNEL_INTERPRETERS, new NotebookParams(s.notebookId()),
                        (st, r) -> Step.of(st.screen() instanceof Screen.PickPython
                                ? st.to(new Screen.PickPython(PythonChoice.of(Json.convert(r, InterpretersResult.class))))
                                : st),
                        (st, e) -> Step.of(st.screen() instanceof Screen.PickPython
                                ? st.to(Screen.CELLS).withMessage(e.getMessage()) : st)));
    }

    static Step move(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(new Screen.PickPython(choice(s).move(Keys.direction(k)))));
    }

    static Step use(TuiState s, KeyStroke k, int page) {
        InterpretersResult.Choice c = choice(s).choice();
        if (c == null) {
            return Step.of(s);
        }
        if (c.problem() != null) {
            return Step.of(s.withMessage(c.python() + " cannot be used: " + c.problem()));
        }
        return Step.of(s.to(Screen.CELLS).withMessage("switching to " + c.python() + "…"),
                Effect.request(Methods.KERNEL_USE, new KernelUseParams(s.notebookId(), c.python()),
                        (st, r) -> st.withMessage(Json.convert(r, KernelUseResult.class).message())));
    }

    static Step cancel(TuiState s, KeyStroke k, int page) {
        return Step.of(s.to(Screen.CELLS).withMessage("python unchanged"));
    }

    static boolean loaded(TuiState s) {
        return s.screen() instanceof Screen.PickPython p && !p.choice().loading();
    }

    private static PythonChoice choice(TuiState s) {
        return ((Screen.PickPython) s.screen()).choice();
    }
}
