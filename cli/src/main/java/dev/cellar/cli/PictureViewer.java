package dev.cellar.cli;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.Output;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellar show NB CELL --open}: a cell's pictures, each written to a temporary PNG file
 * and handed to the system's viewer ({@code open} on macOS, {@code xdg-open} elsewhere; the
 * system property {@code cellar.viewer} for tests). The files stay: the viewer reads them after
 * the command has ended. Without a viewer the message says so and where the files are.
 */
final class PictureViewer {
    private PictureViewer() {
    }

    static int open(CellInfo cell, PrintWriter out, PrintWriter err) throws IOException {
        List<String> pngs = new ArrayList<>();
        for (Output o : cell.outputs()) {
            if (o instanceof Output.Display d && d.data().get(Output.Display.PNG) != null) {
                pngs.add(d.data().get(Output.Display.PNG));
            }
        }
        if (pngs.isEmpty()) {
            throw new CliException(ExitCode.FAILED, "cell " + cell.id() + " has no picture to open");
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < pngs.size(); i++) {
            Path file = Files.createTempFile("cellar-" + cell.id() + "-" + (i + 1) + "-", ".png");
            Files.write(file, Base64.getMimeDecoder().decode(pngs.get(i)));
            files.add(file);
        }
        String viewer = viewer();
        if (viewer == null) {
            throw new CliException(ExitCode.FAILED, "no picture viewer found (xdg-open or open on the PATH); the picture"
                    + (files.size() == 1 ? " is at " : "s are at ") + String.join(" ", files.stream().map(Path::toString).toList()));
        }
        for (Path file : files) {
            Process p = new ProcessBuilder(viewer, file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                // xdg-open and open return once the viewer has the file; a viewer that stays is left running
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() != 0) {
                    err.println("cellar: " + viewer + " could not open " + file + " (exit " + p.exitValue() + ")");
                    return ExitCode.FAILED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.INTERRUPTED;
            }
            out.println("opened " + file + " with " + new File(viewer).getName());
        }
        return ExitCode.OK;
    }

    /** The viewer's program: {@code cellar.viewer}, else {@code open} on macOS, else {@code xdg-open} on the PATH; or null. */
    static String viewer() {
        String set = System.getProperty("cellar.viewer");
        if (set != null && !set.isBlank()) {
            return set;
        }
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? "open" : "xdg-open";
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return null;
    }
}
