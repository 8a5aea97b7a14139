package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.SaveParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "save", description = {"Write an open notebook to its file again.",
    "For a notebook whose file was moved or deleted outside Cellar while it was open: the daemon refuses",
    "edits until it is saved again (or closed with cellar close). If a file is at the path again, what it",
    "says is merged in first; nothing there is overwritten unread.",
    "With --to, the notebook moves to another path (its chat history and turn checkpoints too); after",
    "mv or git mv of an open notebook, `cellar save OLD.py --to NEW.py` follows it."})
final class SaveCommand extends NotebookCommand {
    @Option(names = "--to", paramLabel = "PATH", description = "Save to this .py path instead (never over another file).")
    Path to;

    @Override
    int run(CellarClient client, NotebookSnapshot notebook) throws IOException {
        NotebookSnapshot saved = client.call(Methods.NOTEBOOK_SAVE, new SaveParams(notebook.notebookId(),
                to == null ? null : to.toAbsolutePath().toString()), NotebookSnapshot.class);
        out().println("saved " + saved.path() + " (" + Plural.of(saved.cells().size(), "cell") + ")");
        return ExitCode.OK;
    }

    @Override
    boolean needsFile() {
        return false;
    }
}
