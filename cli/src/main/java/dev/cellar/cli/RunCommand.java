package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.RunAllParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "run", description = {"Run every cell of a notebook, wait, and print the outputs.",
        "Exits 0 when every cell succeeded, 1 when a cell failed (named on stderr)."})
final class RunCommand extends NotebookCommand {

    @Override
    int run(CellarClient client, NotebookSnapshot snapshot) throws IOException {
        long start = System.nanoTime();
        RunResult result = client.call(Methods.NOTEBOOK_RUN_ALL, new RunAllParams(snapshot.notebookId(), true),
                RunResult.class);
        return RunReport.print(result, out(), err(), System.nanoTime() - start);
    }
}
