package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
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
        try (CellarClient client = daemon.connect()) {
            NotebookSnapshot snapshot = client.call(Methods.NOTEBOOK_OPEN,
                    new OpenParams(notebook.toAbsolutePath().toString(), createsNotebook()), NotebookSnapshot.class);
            return run(client, snapshot);
        }
    }

    /** Only {@code cellar new} creates a missing file; every other command reports it missing. */
    boolean createsNotebook() {
        return false;
    }

    abstract int run(CellarClient client, NotebookSnapshot notebook) throws IOException;
}
