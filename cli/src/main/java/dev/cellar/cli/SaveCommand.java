package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "save", description = {"Write an open notebook to its file again.",
    "For a notebook whose file was moved or deleted outside Cellar while it was open: the daemon refuses",
    "edits until it is saved again (or closed with cellar close). If a file is at the path again, what it",
    "says is merged in first; nothing there is overwritten unread."})
final class SaveCommand extends NotebookCommand {
    @Override
    int run(CellarClient client, NotebookSnapshot notebook) throws IOException {
        NotebookSnapshot saved = client.call(Methods.NOTEBOOK_SAVE, new NotebookParams(notebook.notebookId()),
                NotebookSnapshot.class);
        out().println("saved " + saved.path() + " (" + Plural.of(saved.cells().size(), "cell") + ")");
        return ExitCode.OK;
    }

    @Override
    boolean needsFile() {
        return false;
    }
}
