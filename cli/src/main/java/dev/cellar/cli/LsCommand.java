package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.DaemonInfo;
import dev.cellar.protocol.method.Methods;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "ls", description = "List the notebooks the daemon has open.")
final class LsCommand extends ClientCommand {
    @Override
    public Integer call() throws IOException {
        try (CellarClient client = daemon.connect()) {
            DaemonInfo info = client.call(Methods.DAEMON_INFO, null, DaemonInfo.class);
            if (info.notebooks().isEmpty()) {
                err().println("cellar: no notebooks open");
            }
            for (DaemonInfo.OpenNotebook nb : info.notebooks()) {
                out().printf("%s  %s  revision %d%n", nb.path(), Plural.of(nb.cells(), "cell"), nb.revision());
            }
            return ExitCode.OK;
        }
    }
}
