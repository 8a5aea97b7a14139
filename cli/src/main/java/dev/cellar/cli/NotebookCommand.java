package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A command about one notebook: connects (starting the daemon if needed), opens it, does its work. */
abstract class NotebookCommand implements Callable<Integer> {
    @Mixin
    DaemonOptions daemon;

    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "The notebook file (.py).")
    Path notebook;

    @Spec
    CommandSpec spec;

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

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
