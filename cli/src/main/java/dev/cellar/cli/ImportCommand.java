package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.CellsResult;
import dev.cellar.protocol.method.CreateCellsParams;
import dev.cellar.protocol.method.DaemonInfo;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", description = {"Turn a Jupyter notebook (.ipynb) into a Cellar notebook (.py) beside it.",
        "Code and markdown cells are kept; %%%%sql cells become SQL cells (%%%%sql name << sets their out=).",
        "IPython syntax becomes Python: obj? is help(obj); %%%%time and %%%%timeit run their code, timed",
        "(timeit: at most 7 runs, about 1 s);",
        "!cmd, %%%%cd, %%%%env become subprocess.run, os.chdir, os.environ. Other magics",
        "(%%%%matplotlib inline, !pip …) become comments, with a warning.",
        "Names defined in several cells are rewritten so each is defined in one cell (as cellar fix",
        "does; --no-rewrite keeps the code), and every change is printed. Exits 1 when a cell still",
        "cannot run; the notebook is written all the same."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DaemonOptions daemon;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NOTEBOOK.ipynb", description = "The Jupyter notebook.")
    Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.py", description = "Where to write (default: beside it, .py).")
    Path output;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    boolean force;

    @Option(names = "--no-rewrite", description = "Keep the cells' code as it is (IPython syntax is still made Python);"
            + " without it, names defined in several cells are rewritten so each is defined once (see cellar fix).")
    boolean noRewrite;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write what the import changed and what is left"
            + " to do to FILE.")
    Path report;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new CliException(ExitCode.FAILED, "no notebook at " + source);
        }
        Path target = (output != null ? output : source.resolveSibling(
                source.getFileName().toString().replaceFirst("\\.ipynb$", "") + ".py")).toAbsolutePath();
        List<Ipynb.Imported> cells = read(source, spec.commandLine().getErr());
        try (CellarClient client = daemon.connect()) {
            if (Files.exists(target)) {
                if (!force) {
                    throw new CliException(ExitCode.FAILED, target + " already exists (use --force to replace it)");
                }
                refuseIfOpen(client, target);
                Files.delete(target);
            }
            NotebookSnapshot nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(target.toString(), true),
                    NotebookSnapshot.class);
            NotebookSnapshot filled = fill(client, nb, cells, IpynbOutputs.read(source));
            FixReport fix = new FixReport();
            if (!noRewrite) {
                fix.fix(client, nb.notebookId());
                filled = Snapshots.get(client, nb.notebookId());
            }
            fix.staticErrors(filled);
            PrintWriter out = spec.commandLine().getOut();
            fix.print(out, spec.commandLine().getErr(), report);
            out.println("imported " + Plural.of(cells.size(), "cell") + " into " + target);
            for (String note : IpynbKernelspec.read(source, System.getenv()).notes(target)) {
                out.println(note);
            }
            out.flush();
            if (!fix.clean()) {
                spec.commandLine().getErr().println("cellar: " + target.getFileName() + " was written, but the cells above"
                        + " cannot run until they are changed (cellar edit, then cellar fix " + target.getFileName() + ")");
                spec.commandLine().getErr().flush();
                return ExitCode.FAILED;
            }
        }
        return ExitCode.OK;
    }

    /**
     * An import over a notebook the daemon has open would mix the two (the open notebook keeps
     * its cells; the import's would be added): refused, with what to do instead.
     */
    private static void refuseIfOpen(CellarClient client, Path target) throws IOException {
        Path real = target.toRealPath();
        DaemonInfo info = client.call(Methods.DAEMON_INFO, null, DaemonInfo.class);
        for (DaemonInfo.OpenNotebook nb : info.notebooks()) {
            if (Path.of(nb.path()).equals(real)) {
                throw new CliException(ExitCode.FAILED, target + " is open in the daemon (" + Plural.of(nb.clients().size(),
                        "client") + " attached): close it first (cellar close " + target + "), or import to another"
                        + " path (-o)");
            }
        }
    }

    /** The cells of a Jupyter notebook, its IPython magics commented out with a warning on {@code err} for each. */
    static List<Ipynb.Imported> read(Path ipynb, PrintWriter err) {
        List<Ipynb.Imported> cells = new ArrayList<>();
        for (Ipynb.Imported c : Ipynb.read(ipynb)) {
            if (c.kind() != CellKind.PYTHON) {
                cells.add(c);
                continue;
            }
            IpythonMagics.Cleaned cleaned = IpythonMagics.commentOut(c.code());
            for (String magic : cleaned.removed()) {
                err.println("cellar: warning: " + ipynb.getFileName() + " cell [" + cells.size() + "]: commented out "
                        + magic + " (IPython, not Python)");
            }
            for (String line : cleaned.converted()) {
                err.println("cellar: note: " + ipynb.getFileName() + " cell [" + cells.size() + "]: " + line
                        + " became Python (the line keeps it as a comment)");
            }
            cells.add(new Ipynb.Imported(c.kind(), cleaned.code(), c.out(), c.tags()));
        }
        err.flush();
        return cells;
    }

    /**
     * Adds the cells to an (empty) notebook without running them (importing is not running), with
     * the outputs the .ipynb was saved with ({@code shown}, by cell, as {@link IpynbOutputs#read}):
     * a person sees them at once, stale until the cells run here.
     */
    static NotebookSnapshot fill(CellarClient client, NotebookSnapshot nb, List<Ipynb.Imported> cells,
                                 List<List<Output>> shown) throws IOException {
        fill(client, nb, cells, shown, false);
        return Snapshots.get(client, nb.notebookId());
    }

    /**
     * {@code rewrite}: the Python cells rewritten as they are added (one edit, no turn), for a
     * notebook that lives only for one run; the answer says what changed. The cells must fit in
     * one request then (the rewrite reads them all at once): a notebook too large is refused.
     */
    static CellsResult fill(CellarClient client, NotebookSnapshot nb, List<Ipynb.Imported> cells, List<List<Output>> shown,
                            boolean rewrite) throws IOException {
        boolean aligned = shown.size() == cells.size(); // else the outputs cannot be matched to cells: none kept
        // one edit per request (one analysis call, one save), not one request and one save per cell
        List<CreateCellsParams.NewCell> batch = new ArrayList<>();
        long chars = 0;
        for (int i = 0; i < cells.size(); i++) {
            Ipynb.Imported c = cells.get(i);
            List<Output> outputs = aligned ? IpynbOutputs.sendable(shown.get(i)) : null;
            long size = c.code().length() + (outputs == null ? 0 : Json.MAPPER.writeValueAsString(outputs).length());
            if (!batch.isEmpty() && chars + size > BATCH_CHARS && !rewrite) {
                createMany(client, nb, batch, false);
                batch.clear();
                chars = 0;
            }
            batch.add(new CreateCellsParams.NewCell(c.kind(), c.code(), c.out(), c.tags(), outputs, c.conn(), c.cache()));
            chars += size;
        }
        return batch.isEmpty() ? new CellsResult(List.of(), nb.revision(), List.of(), List.of())
                : createMany(client, nb, batch, rewrite);
    }

    /**
     * Characters of code and outputs sent in one {@code cell.createMany}: well inside the 16 MiB
     * frame, even when every character takes several bytes as escaped JSON.
     */
    static final long BATCH_CHARS = 2 << 20;

    private static CellsResult createMany(CellarClient client, NotebookSnapshot nb, List<CreateCellsParams.NewCell> cells,
                                          boolean rewrite) throws IOException {
        return client.call(Methods.CELL_CREATE_MANY, new CreateCellsParams(nb.notebookId(), null, null, false, rewrite,
                List.copyOf(cells)), CellsResult.class);
    }
}
