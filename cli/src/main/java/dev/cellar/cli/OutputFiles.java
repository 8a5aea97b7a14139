package dev.cellar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the files a command writes besides the notebook. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** Refuses an output file that is the notebook itself: writing it would destroy the source. */
    static void refuseTheNotebook(Path notebook, Path target, String option) {
        if (target != null && sameFile(notebook, target)) {
            throw new CliException(ExitCode.USAGE, option + " " + target + " would overwrite the notebook itself");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // unreadable: compare the names below
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
