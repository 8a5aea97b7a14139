package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "kernel", description = "Control a notebook's kernel (the Python its cells run on).",
        subcommands = {KernelCommand.Restart.class})
final class KernelCommand {

    @Command(name = "restart", description = {"Stop the notebook's kernel (and a running cell) and forget every variable.",
        "Every cell that had run becomes stale; the next run starts a fresh kernel."})
    static final class Restart extends NotebookCommand {
        @Override
        int run(CellarClient client, NotebookSnapshot notebook) throws IOException {
            client.call(Methods.KERNEL_RESTART, new NotebookParams(notebook.notebookId()), Object.class);
            out().println("restarted " + notebook.kernel().description());
            return ExitCode.OK;
        }
    }
}
