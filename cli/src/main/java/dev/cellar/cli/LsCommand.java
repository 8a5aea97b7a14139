package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.DaemonInfo;
import dev.cellar.protocol.method.Methods;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "ls", description = "List the notebooks the daemon has open.")
final class LsCommand implements Callable<Integer> {
    @Mixin
    DaemonOptions daemon;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (CellarClient client = daemon.connect()) {
            DaemonInfo info = client.call(Methods.DAEMON_INFO, null, DaemonInfo.class);
            if (info.notebooks().isEmpty()) {
                spec.commandLine().getErr().println("cellar: no notebooks open");
            }
            for (DaemonInfo.OpenNotebook nb : info.notebooks()) {
                spec.commandLine().getOut().printf("%s  %d cells  revision %d%n", nb.path(), nb.cells(), nb.revision());
            }
            return ExitCode.OK;
        }
    }
}
