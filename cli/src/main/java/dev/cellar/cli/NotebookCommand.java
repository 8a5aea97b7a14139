package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.CellsResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * A command about one notebook: connects (starting the daemon if needed), opens it, does its
 * work. Commands that {@link #readsIpynb() read .ipynb} get a Jupyter notebook as a hidden
 * percent-format copy beside it (so its data files are found), dropped afterwards.
 */
abstract class NotebookCommand extends ClientCommand {
    /** The description comes from the command's resource bundle (key {@code notebook}) where it has one. */
    @Parameters(index = "0", paramLabel = "NOTEBOOK", descriptionKey = "notebook", description = "The notebook file (.py).")
    Path notebook;

    @Override
    public final Integer call() throws IOException {
        // everything that can be checked here is, before a daemon (or a standalone one) starts
        boolean create = createsNotebook();
        if (!create && needsFile() && !Files.exists(notebook)) {
            throw new CliException(ExitCode.FAILED, "no notebook at " + notebook.toAbsolutePath()
                    + " (create it with: cellar new " + notebook + ")");
        }
        checkArguments();
        Path ipynbCopy = readsIpynb() && isIpynb(notebook) ? hiddenCopyOf(notebook) : null;
        var imported = ipynbCopy != null ? ImportCommand.read(notebook, err()) : null;
        try (Standalone inProcess = standalone() ? Standalone.start() : null;
             CellarClient client = inProcess != null ? DaemonOptions.connectTo(inProcess.socket(), "cli") : daemon.connect()) {
            Path file = ipynbCopy != null ? ipynbCopy : notebook.toAbsolutePath();
            NotebookSnapshot snapshot = Snapshots.call(client, Methods.NOTEBOOK_OPEN,
                    new OpenParams(file.toString(), create || ipynbCopy != null));
            if (ipynbCopy == null) {
                return run(client, snapshot);
            }
            try {
                boolean rewrite = rewritesIpynb();
                CellsResult filled = ImportCommand.fill(client, snapshot, imported, List.of(), rewrite);
                if (rewrite) {
                    told(filled);
                }
                return run(client, Snapshots.get(client, snapshot.notebookId()));
            } finally {
                client.call(Methods.NOTEBOOK_CLOSE, new NotebookParams(snapshot.notebookId()), Object.class);
                Files.deleteIfExists(ipynbCopy);
            }
        }
    }

    static boolean isIpynb(Path file) {
        return file.getFileName().toString().endsWith(".ipynb");
    }

    private static Path hiddenCopyOf(Path ipynb) throws IOException {
        Path abs = ipynb.toAbsolutePath();
        Path copy = abs.resolveSibling("." + abs.getFileName() + ".cellar-run.py");
        Files.deleteIfExists(copy); // left by a run that was killed
        return copy;
    }

    /** Refuses, before anything starts, arguments that would fail or do harm later. */
    void checkArguments() throws IOException {
    }

    /** Whether to run a daemon inside this process instead of using (or starting) the shared one. */
    boolean standalone() {
        return false;
    }

    /** Whether a Jupyter notebook (.ipynb) is read (through a hidden copy); else every notebook is a .py file. */
    boolean readsIpynb() {
        return false;
    }

    /**
     * Whether the .ipynb's Python cells are rewritten so each name is defined once (as {@code cellar
     * import} does), for this command only: the notebook then runs as it ran in Jupyter, top to bottom.
     */
    boolean rewritesIpynb() {
        return false;
    }

    /** What the rewrite of an .ipynb changed and left ({@link #rewritesIpynb}); by default nothing is said. */
    void told(CellsResult rewrite) {
    }

    /** False for commands about a notebook the daemon holds whose file may be gone (save, close). */
    boolean needsFile() {
        return true;
    }

    /** Only {@code cellar new} creates a missing file; every other command reports it missing. */
    boolean createsNotebook() {
        return false;
    }

    abstract int run(CellarClient client, NotebookSnapshot notebook) throws IOException;
}
