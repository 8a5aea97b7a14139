package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "close", description = {"Close a notebook in the daemon: its kernel stops and its variables go.",
    "Pending edits are saved first. Also how a notebook whose file was moved or deleted outside Cellar",
    "is let go without writing it again."})
final class CloseCommand extends NotebookCommand {
    @Override
    int run(CellarClient client, NotebookSnapshot notebook) throws IOException {
        client.call(Methods.NOTEBOOK_CLOSE, new NotebookParams(notebook.notebookId()), Object.class);
        out().println("closed " + notebook.path());
        return ExitCode.OK;
    }

    @Override
    boolean needsFile() {
        return false;
    }
}
