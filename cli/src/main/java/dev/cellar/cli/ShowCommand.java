package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.method.TableRowsParams;
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
        "With CELL, that cell alone; with --rows, rows of its table output, read from the daemon a page at a time;",
        "with --open, its picture handed to the system's viewer."})
final class ShowCommand extends NotebookCommand {
    /** Rows asked of the daemon at once (table.rows' most). */
    static final int PAGE = TableRowsParams.MAX_LIMIT;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CELL",
            description = "Only this cell: its id, or its [index] as show prints it.")
    String cell;

    @Option(names = "--json", description = "Print the notebook snapshot as JSON (the protocol's shape); with --rows, the rows.")
    boolean json;

    @Option(names = "--open", description = "Hand CELL's picture (PNG) to the system's viewer (xdg-open, open), "
            + "from a temporary file.")
    boolean open;

    @Option(names = "--rows", paramLabel = "FROM:TO",
            description = "Rows FROM (counted from 0) up to TO (not included) of CELL's table: 100:200, 5000: (to the end), :50.")
    String rows;

    @Option(names = "--sort", paramLabel = "COLUMN", description = "With --rows: sort by this column first.")
    String sort;

    @Option(names = "--desc", description = "With --sort: largest first.")
    boolean descending;

    @Option(names = "--search", paramLabel = "TEXT", description = "With --rows: only rows with a value containing TEXT (any case).")
    String search;

    @Mixin
    ColorOption color;

    /** Rows FROM:TO as [from, to); to is Long.MAX_VALUE for an open end. */
    static long[] range(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new CliException(ExitCode.USAGE, "--rows takes FROM:TO (for example 100:200, 5000: or :50), not " + text);
        }
        try {
            long from = colon == 0 ? 0 : Long.parseLong(text.substring(0, colon).trim());
            long to = colon == text.length() - 1 ? Long.MAX_VALUE : Long.parseLong(text.substring(colon + 1).trim());
            if (from < 0 || to < from) {
                throw new CliException(ExitCode.USAGE, "--rows " + text + ": FROM must be 0 or more and TO at least FROM");
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            throw new CliException(ExitCode.USAGE, "--rows takes FROM:TO with whole numbers, not " + text);
        }
    }

    @Override
    void checkArguments() {
        if (open && cell == null) {
            throw new CliException(ExitCode.USAGE, "--open needs a CELL: cellar show " + notebook + " CELL --open");
        }
        if ((rows != null || sort != null || search != null) && cell == null) {
            throw new CliException(ExitCode.USAGE, "--rows, --sort and --search need a CELL: cellar show " + notebook + " CELL --rows 0:100");
        }
        if (rows != null) {
            range(rows);
        }
    }

    /** The cell named by id, or by its index as show prints it ([3]). */
    static dev.cellar.protocol.model.CellInfo find(NotebookSnapshot snapshot, String name) {
        for (var c : snapshot.cells()) {
            if (c.id().equals(name)) {
                return c;
            }
        }
        String index = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        try {
            int i = Integer.parseInt(index);
            if (i >= 0 && i < snapshot.cells().size()) {
                return snapshot.cells().get(i);
            }
        } catch (NumberFormatException notAnIndex) {
            // an id that is not there
        }
        throw new CliException(ExitCode.FAILED, "no cell " + name + " in " + snapshot.path() + " (cellar show "
                + snapshot.path() + " lists the cells with their ids)");
    }

    @Override
    int run(CellarClient client, NotebookSnapshot snapshot) throws IOException {
        if (cell != null) {
            var c = find(snapshot, cell);
            if (open) {
                return PictureViewer.open(c, out(), err());
            }
            if (rows != null || sort != null || search != null) {
                return printRows(client, snapshot, c);
            }
            if (json) {
                out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(c));
                return ExitCode.OK;
            }
            CellPrinter.printCell(out(), snapshot.cells().indexOf(c), c, picturesForStdout(), color.wanted());
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
        if (kernel.net() != null && !kernel.net().isEmpty()) {
            // a name's addresses are the daemon's lookup when the kernel last started
            out().printf("net: %s%s%n", String.join(", ", kernel.net()),
                    kernel.sandbox().equals("off") ? " (sandbox=off: cells reach any endpoint anyway)" : "");
        }
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

    /** The rows asked for, a page at a time, as aligned text (numbers to the right) or JSON lines of rows. */
    private int printRows(CellarClient client, NotebookSnapshot snapshot, dev.cellar.protocol.model.CellInfo c)
            throws IOException {
        long[] r = range(rows == null ? "0:" : rows);
        String handle = null;
        java.util.List<java.util.List<Object>> all = new java.util.ArrayList<>();
        TableRows last = null;
        TablePrinter.Grid grid = null;
        long at = r[0];
        do {
            int limit = (int) Math.min(PAGE, r[1] - at);
            if (limit <= 0) {
                break;
            }
            try {
                last = client.tableRows(new TableRowsParams(snapshot.notebookId(), c.id(), at, limit, sort, descending,
                        search, handle));
            } catch (dev.cellar.protocol.rpc.RpcException e) {
                // outputs live in the daemon, not the file: a notebook it has not run has no table yet
                String hint = c.outputs().stream().anyMatch(o -> o instanceof dev.cellar.protocol.model.Output.Table) ? ""
                        : " (outputs live in the daemon: run it first, cellar run " + notebook + ")";
                throw new CliException(ExitCode.FAILED, "cell " + c.id() + ": " + e.getMessage() + hint);
            }
            handle = last.handle(); // every page from the same run of the cell
            all.addAll(last.rows());
            at += last.rows().size();
            if (!json) { // printed as they come: a long range never waits whole in memory
                if (grid == null) {
                    grid = new TablePrinter.Grid(out(), last.columns(), last.rows());
                }
                grid.print(last.rows());
                all.clear();
            }
        } while (last.rows().size() == PAGE && at < r[1]);
        if (json) {
            out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(new TableRows(last.handle(),
                    last.columns(), last.totalRows(), last.matchingRows(), r[0], all)));
        } else if (last != null) {
            String of = last.matchingRows() < last.totalRows() ? last.matchingRows() + " matching of " + last.totalRows()
                    : String.valueOf(last.totalRows());
            out().println(at == r[0] ? "(no rows from " + r[0] + "; " + of + " rows)"
                    : "(rows " + r[0] + "–" + (at - 1) + " of " + of + ")");
        }
        return ExitCode.OK;
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
