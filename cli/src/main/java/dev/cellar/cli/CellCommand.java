package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.DeleteCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.MoveCellParams;
import dev.cellar.protocol.method.RevisionResult;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cell", description = "Add, edit, remove, move or run cells.",
        subcommands = {CellCommand.Add.class, CellCommand.Edit.class, CellCommand.Remove.class, CellCommand.Move.class,
                CellCommand.Run.class})
final class CellCommand {

    @Command(name = "add", description = {"Add a cell and print its id.",
            "With autorun on (the default) the new cell runs at once."})
    static final class Add extends NotebookCommand {
        @Parameters(index = "1", paramLabel = "CODE", description = "The cell's code, or - to read it from stdin.")
        String code;
        @Option(names = "--after", paramLabel = "ID", description = "Insert after this cell (default: at the end).")
        String after;
        @Option(names = "--index", paramLabel = "N", description = "Insert at this position (0 is first).")
        Integer index;
        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "python",
                description = "python, sql, markdown or raw (default: ${DEFAULT-VALUE}).")
        String kind;
        @Option(names = "--out", paramLabel = "NAME", description = "An SQL cell's result variable.")
        String out;
        @Option(names = "--conn", paramLabel = "@NAME|duckdb", description = "An SQL cell's connection: a named connection"
                + " the notebook's header allows (# cellar: conns=@NAME), or duckdb; default: the notebook's.")
        String conn;
        @Option(names = "--cache", description = "An SQL cell on a server reuses its last result while its text and"
                + " parameter values stay the same (cache=\"on\").")
        boolean cache;

        @Override
        int run(CellarClient client, NotebookSnapshot nb) throws IOException {
            CellKind cellKind;
            try {
                cellKind = CellKind.parse(kind);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            }
            CellResult r = client.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), cellKind,
                    CodeArgument.read(code, System.in), index, after, out, null, null, null, conn, cache ? true : null),
                    CellResult.class);
            out().println(r.cell().id());
            return ExitCode.OK;
        }
    }

    @Command(name = "edit", description = {"Replace a cell's code.",
            "With autorun on, the cell and its dependents re-run."})
    static final class Edit extends NotebookCommand {
        @Parameters(index = "1", paramLabel = "ID", description = "The cell's id.")
        String cellId;
        @Parameters(index = "2", paramLabel = "CODE", description = "The new code, or - to read it from stdin.")
        String code;
        @Option(names = "--expect-version", paramLabel = "N",
                description = "Refuse the edit if the cell is no longer at this version (someone else changed it).")
        Long expectedVersion;

        @Override
        int run(CellarClient client, NotebookSnapshot nb) throws IOException {
            CellResult r = client.call(Methods.CELL_UPDATE, new UpdateCellParams(nb.notebookId(), cellId,
                    CodeArgument.read(code, System.in), expectedVersion), CellResult.class);
            out().println(r.cell().id() + " version " + r.cell().version());
            return ExitCode.OK;
        }
    }

    @Command(name = "rm", description = "Remove a cell; its dependents become stale.")
    static final class Remove extends NotebookCommand {
        @Parameters(index = "1", paramLabel = "ID", description = "The cell's id.")
        String cellId;

        @Override
        int run(CellarClient client, NotebookSnapshot nb) throws IOException {
            client.call(Methods.CELL_DELETE, new DeleteCellParams(nb.notebookId(), cellId, null), RevisionResult.class);
            out().println("removed " + cellId);
            return ExitCode.OK;
        }
    }

    @Command(name = "mv", description = "Move a cell to another position (0 is first).")
    static final class Move extends NotebookCommand {
        @Parameters(index = "1", paramLabel = "ID", description = "The cell's id.")
        String cellId;
        @Parameters(index = "2", paramLabel = "INDEX", description = "Its new position.")
        int index;

        @Override
        int run(CellarClient client, NotebookSnapshot nb) throws IOException {
            client.call(Methods.CELL_MOVE, new MoveCellParams(nb.notebookId(), cellId, index), RevisionResult.class);
            out().println("moved " + cellId + " to " + index);
            return ExitCode.OK;
        }
    }

    @Command(name = "run", description = {"Run cells and everything that depends on them; wait and print the outputs.",
            "Exits 1 when a cell failed."})
    static final class Run extends NotebookCommand {
        @Parameters(index = "1..*", paramLabel = "ID", description = "The cells to run.")
        List<String> cellIds;

        @Override
        int run(CellarClient client, NotebookSnapshot nb) throws IOException {
            long start = System.nanoTime();
            RunResult r = client.call(Methods.CELL_RUN, new RunCellsParams(nb.notebookId(), cellIds, true), RunResult.class);
            return RunReport.print(r, out(), err(), System.nanoTime() - start, false);
        }
    }
}
