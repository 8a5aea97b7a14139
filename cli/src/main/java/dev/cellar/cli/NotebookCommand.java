package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** A command about one notebook: connects (starting the daemon if needed), opens it, does its work. */
abstract class NotebookCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "The notebook file (.py).")
    Path notebook;

    @Override
    public final Integer call() throws IOException {
        // everything that can be checked here is, before a daemon (or a standalone one) starts
        Path file = notebookFile();
        boolean create = createsNotebook();
        if (!create && !Files.exists(file)) {
            throw new CliException(ExitCode.FAILED, "no notebook at " + file.toAbsolutePath()
                    + " (create it with: cellar new " + file + ")");
        }
        checkArguments();
        try (Standalone inProcess = standalone() ? Standalone.start() : null;
             CellarClient client = inProcess != null ? DaemonOptions.connectTo(inProcess.socket(), "cli") : daemon.connect()) {
            NotebookSnapshot snapshot = client.call(Methods.NOTEBOOK_OPEN,
                    new OpenParams(file.toAbsolutePath().toString(), create), NotebookSnapshot.class);
            return run(client, snapshot);
        }
    }

    /** Refuses, before anything starts, arguments that would fail or do harm later. */
    void checkArguments() throws IOException {
    }

    /** Whether to run a daemon inside this process instead of using (or starting) the shared one. */
    boolean standalone() {
        return false;
    }

    /** The file the daemon opens: the notebook itself, unless a command prepares another (an imported .ipynb). */
    Path notebookFile() throws IOException {
        return notebook;
    }

    /** Only {@code cellar new} creates a missing file; every other command reports it missing. */
    boolean createsNotebook() {
        return false;
    }

    abstract int run(CellarClient client, NotebookSnapshot notebook) throws IOException;
}
