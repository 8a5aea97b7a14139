package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.FixResult;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fix", description = {"Rewrite a notebook so each name is defined in one cell, as cellar import does:",
    "repeated imports removed, names used only inside a cell made private (_x), other redefinitions renamed",
    "top to bottom (y, y_1, y_2) with later readers following. One edit, undone with cellar chat NB --rewind.",
    "Exits 1 when something is left to do by hand (a name used through eval, a cycle)."})
final class FixCommand extends NotebookCommand {
    @Option(names = "--report", paramLabel = "FILE", description = "Also write what changed and what is left to FILE.")
    Path report;

    @Override
    int run(CellarClient client, NotebookSnapshot notebook) throws IOException {
        FixReport fix = new FixReport();
        FixResult r = fix.fix(client, notebook.notebookId());
        fix.staticErrors(Snapshots.get(client, notebook.notebookId()));
        if (r.changedCells().isEmpty()) {
            out().println("nothing to change in " + notebook.path());
        }
        fix.print(out(), err(), report);
        if (!r.changedCells().isEmpty()) {
            out().println("rewrote " + Plural.of(r.changedCells().size(), "cell") + " of " + notebook.path()
                    + " (undo: cellar chat " + notebook.path() + " --rewind " + r.turnId() + ")");
        }
        return fix.clean() ? ExitCode.OK : ExitCode.FAILED;
    }
}
