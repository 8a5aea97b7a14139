package dev.cellar.cli;

import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.PrintWriter;

/** The problems the daemon found in a notebook file, as warnings: the command goes on. */
final class Problems {
    private Problems() {
    }

    static void warn(PrintWriter err, NotebookSnapshot nb) {
        for (String problem : nb.problems()) {
            err.println("cellar: warning: " + nb.path() + ": " + problem);
        }
        err.flush();
    }
}
