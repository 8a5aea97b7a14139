package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "show", description = "Print a notebook's cells: id, kind, status, defs, refs, code and outputs.")
final class ShowCommand extends NotebookCommand {
    @Option(names = "--json", description = "Print the notebook snapshot as JSON (the protocol's shape).")
    boolean json;

    @Override
    int run(CellarClient client, NotebookSnapshot snapshot) throws IOException {
        if (json) {
            out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot));
            return ExitCode.OK;
        }
        Problems.warn(err(), snapshot);
        out().printf("%s  revision %d  %s%n", snapshot.path(), snapshot.revision(), Plural.of(snapshot.cells().size(), "cell"));
        out().printf("python: %s  sandbox: %s%n%n", snapshot.kernel().description(), snapshot.kernel().sandbox());
        for (int i = 0; i < snapshot.cells().size(); i++) {
            CellPrinter.printCell(out(), i, snapshot.cells().get(i));
        }
        return ExitCode.OK;
    }
}
