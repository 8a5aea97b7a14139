package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import picocli.CommandLine.Command;

@Command(name = "new", description = "Create an empty notebook file.")
final class NewCommand extends NotebookCommand {

    @Override
    boolean createsNotebook() {
        if (Files.exists(notebook)) {
            throw new CliException(ExitCode.FAILED, notebook + " already exists (open it with: cellar show " + notebook + ")");
        }
        return true;
    }

    @Override
    int run(CellarClient client, NotebookSnapshot snapshot) throws IOException {
        out().println("created " + snapshot.path());
        return ExitCode.OK;
    }
}
