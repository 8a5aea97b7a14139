package dev.cellar.protocol.method;

import java.util.List;

public record DaemonInfo(String version, long pid, String socket, long uptimeMillis, List<OpenNotebook> notebooks) {

    /** An open notebook, briefly. */
    public record OpenNotebook(String notebookId, String path, long revision, int cells,
                               dev.cellar.protocol.model.KernelInfo kernel) {
    }
}
