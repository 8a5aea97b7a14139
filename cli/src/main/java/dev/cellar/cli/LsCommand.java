package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.DaemonInfo;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.model.PresenceInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;

@Command(name = "ls", description = {"List the notebooks the daemon has open, and who is attached to each:",
        "the client's name, what it is doing (viewing, editing or running, and the cell) and since when."})
final class LsCommand extends ClientCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Override
    public Integer call() throws IOException {
        try (CellarClient client = daemon.connect()) {
            DaemonInfo info = client.call(Methods.DAEMON_INFO, null, DaemonInfo.class);
            if (info.notebooks().isEmpty()) {
                err().println("cellar: no notebooks open");
            }
            for (DaemonInfo.OpenNotebook nb : info.notebooks()) {
                out().printf("%s  %s  revision %d%n", nb.path(), Plural.of(nb.cells(), "cell"), nb.revision());
                for (PresenceInfo p : nb.clients()) {
                    out().println("  " + describe(p));
                }
            }
            return ExitCode.OK;
        }
    }

    /** {@code agent:claude-code  editing aaaaaa  since 10:04:12}. */
    private static String describe(PresenceInfo p) {
        String activity = p.activity() == null ? "" : p.activity().wireName();
        String cell = p.cellId() == null ? "" : " " + p.cellId();
        return p.name() + "  " + activity + cell + "  since " + TIME.format(Instant.ofEpochMilli(p.since()));
    }
}
