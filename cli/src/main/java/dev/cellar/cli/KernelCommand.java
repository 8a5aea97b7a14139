package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.InterpretersResult;
import dev.cellar.protocol.method.KernelUseParams;
import dev.cellar.protocol.method.KernelUseResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.PythonChoice;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "kernel", description = {"Control a notebook's kernel (the Python its cells run on).",
    "Choose the Python with `cellar kernel use NB.py PATH|auto|graalpy` (or P in the terminal UI)."},
        subcommands = {KernelCommand.Restart.class, KernelCommand.Use.class})
final class KernelCommand {

    @Command(name = "restart", description = {"Stop the notebook's kernel (and a running cell) and forget every variable.",
        "Every cell that had run becomes stale; the next run starts a fresh kernel."})
    static final class Restart extends NotebookCommand {
        @Override
        int run(CellarClient client, NotebookSnapshot notebook) throws IOException {
            client.call(Methods.KERNEL_RESTART, new NotebookParams(notebook.notebookId()), Object.class);
            out().println("restarted " + notebook.kernel().description());
            return ExitCode.OK;
        }
    }

    @Command(name = "use", description = {"Choose the Python the notebook runs on: writes python= in its header",
        "(the file, other clients and the kernel follow; the kernel restarts on it).",
        "PYTHON: the path of an interpreter (a venv's bin/python), auto (CELLAR_PYTHON, a .venv in the",
        "notebook's folder or above, python3 on PATH, else GraalPy) or graalpy (embedded).",
        "Without PYTHON: lists the Pythons found, with their versions and whether numpy, pandas and",
        "matplotlib import. One inside the notebook's folder is not run until you pick it.",
        "An agent's choice (cellar mcp) is written but waits for a person: cellar confirm."})
    static final class Use extends NotebookCommand {
        @Parameters(index = "1", arity = "0..1", paramLabel = "PYTHON", description = "A path, auto or graalpy.")
        String python;

        @Override
        int run(CellarClient client, NotebookSnapshot notebook) throws IOException {
            if (python == null) {
                InterpretersResult found = client.call(Methods.KERNEL_INTERPRETERS,
                        new NotebookParams(notebook.notebookId()), InterpretersResult.class);
                out().println("python=" + PythonChoice.printable(found.current()) + " runs on "
                        + PythonChoice.printable(notebook.kernel().description()));
                for (InterpretersResult.Choice c : found.interpreters()) {
                    out().println((c.running() ? "* " : "  ") + PythonChoice.printable(c.python()) + "  (" + PythonChoice.printable(c.found()) + ")");
                    out().println("      " + PythonChoice.printable(c.summary()));
                }
                out().println("choose one: cellar kernel use " + this.notebook + " PYTHON");
                out().flush();
                return ExitCode.OK;
            }
            KernelUseResult r = client.call(Methods.KERNEL_USE, new KernelUseParams(notebook.notebookId(),
                    absolute(python)), KernelUseResult.class);
            out().println(PythonChoice.printable(r.message()));
            out().flush();
            return r.applied() ? ExitCode.OK : ExitCode.FAILED;
        }

        /** A path is the caller's, relative to where they stand; the daemon resolves it against the notebook's folder. */
        static String absolute(String python) {
            String p = python.strip();
            if (p.equals("auto") || p.equals("graalpy") || p.startsWith("~")) {
                return p;
            }
            return Path.of(p).toAbsolutePath().normalize().toString();
        }
    }
}
