package dev.cellar.protocol.method;

import dev.cellar.protocol.model.PresenceInfo;
import java.util.List;

/** {@code assistantSetup}: null when the assistant can take turns, else how to configure it (clients show it). */
public record DaemonInfo(String version, long pid, String socket, long uptimeMillis, List<OpenNotebook> notebooks,
                         String assistantSetup) {

    public DaemonInfo(String version, long pid, String socket, long uptimeMillis, List<OpenNotebook> notebooks) {
        this(version, pid, socket, uptimeMillis, notebooks, null);
    }

    /** An open notebook, briefly; {@code clients}: who is attached to it now. */
    public record OpenNotebook(String notebookId, String path, long revision, int cells,
                               dev.cellar.protocol.model.KernelInfo kernel, List<PresenceInfo> clients) {
        public OpenNotebook {
            clients = clients == null ? List.of() : List.copyOf(clients);
        }
    }
}
