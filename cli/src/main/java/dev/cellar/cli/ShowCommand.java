package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.image.TerminalPicture;
import dev.cellar.tui.term.Graphics;
import dev.cellar.tui.term.GraphicsProbe;
import dev.cellar.tui.term.Tty;
import java.io.IOException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = {"Print a notebook's cells: id, kind, status, defs, refs, code and outputs.",
        "With CELL, that cell only; --open hands its picture to the system's viewer."})
final class ShowCommand extends NotebookCommand {
    @Parameters(index = "1", arity = "0..1", paramLabel = "CELL", description = "Only this cell: its id or its index.")
    String cell;

    @Option(names = "--json", description = "Print the notebook snapshot as JSON (the protocol's shape).")
    boolean json;

    @Option(names = "--open", description = "Hand CELL's picture (PNG) to the system's viewer (xdg-open, open), "
            + "from a temporary file.")
    boolean open;

    @Mixin
    ColorOption color;

    @Override
    void checkArguments() {
        if (open && cell == null) {
            throw new CliException(ExitCode.USAGE, "--open needs a CELL: cellar show " + notebook + " CELL --open");
        }
    }

    @Override
    int run(CellarClient client, NotebookSnapshot snapshot) throws IOException {
        if (cell != null) {
            int index = indexOf(snapshot, cell);
            if (index < 0) {
                throw new CliException(ExitCode.FAILED, "no cell " + cell + " in " + notebook);
            }
            CellInfo c = snapshot.cells().get(index);
            if (open) {
                return PictureViewer.open(c, out(), err());
            }
            if (json) {
                out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(c));
            } else {
                CellPrinter.printCell(out(), index, c, picturesForStdout(), color.wanted());
            }
            return ExitCode.OK;
        }
        if (json) {
            out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot));
            return ExitCode.OK;
        }
        Problems.warn(err(), snapshot);
        out().printf("%s  revision %d  %s%n", snapshot.path(), snapshot.revision(), Plural.of(snapshot.cells().size(), "cell"));
        var kernel = snapshot.kernel();
        boolean passes = kernel.env() != null && !kernel.env().isEmpty();
        out().printf("python: %s  %s%s%n", kernel.description(), kernel.confinementLine(),
                passes ? "  env: " + String.join(",", kernel.env()) : "");
        if (kernel.pending() != null) {
            out().printf("waiting for a confirmation (cellar confirm %s): %s%n", notebook, kernel.pending());
        }
        out().println();
        boolean colour = color.wanted();
        Function<Output.Display, String> pictures = picturesForStdout();
        for (int i = 0; i < snapshot.cells().size(); i++) {
            CellPrinter.printCell(out(), i, snapshot.cells().get(i), pictures, colour);
        }
        return ExitCode.OK;
    }

    /** The cell named by its id or its index, or -1. */
    private static int indexOf(NotebookSnapshot snapshot, String cell) {
        for (int i = 0; i < snapshot.cells().size(); i++) {
            if (snapshot.cells().get(i).id().equals(cell)) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(cell);
            return i >= 0 && i < snapshot.cells().size() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Images drawn as the terminal can (asked once, on the first image) when stdout is one;
     * else the placeholder, so a pipe or a file never receives escapes.
     */
    private static Function<Output.Display, String> picturesForStdout() {
        if (!Terminals.stdoutIsTerminal()) {
            return d -> null;
        }
        Graphics[] graphics = {null};
        int cols = Math.max(20, Tty.columns(80) - 2);
        return d -> {
            if (graphics[0] == null) {
                graphics[0] = GraphicsProbe.detect();
            }
            return TerminalPicture.draw(d, graphics[0], cols, TerminalPicture.truecolor());
        };
    }
}
