package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** A command about one notebook: connects (starting the daemon if needed), opens it, does its work. */
abstract class NotebookCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "The notebook file (.py).")
    Path notebook;

    @Override
    public final Integer call() throws IOException {
        try (Standalone inProcess = standalone() ? Standalone.start() : null;
             CellarClient client = inProcess != null ? DaemonOptions.connectTo(inProcess.socket(), "cli") : daemon.connect()) {
            NotebookSnapshot snapshot = Snapshots.call(client, Methods.NOTEBOOK_OPEN,
                    new OpenParams(notebookFile().toAbsolutePath().toString(), createsNotebook()));
            return run(client, snapshot);
        }
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
