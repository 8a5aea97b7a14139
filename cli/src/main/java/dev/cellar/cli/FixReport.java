package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.FixResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code cellar import} and {@code cellar fix} tell: the rewrite's changes (one line each),
 * then what still breaks a rule of the notebook (a name hidden in eval, two cells defining a
 * name, a cycle, a syntax error), by cell number as {@code cellar show} numbers them, with what
 * to do. The same lines go to a {@code --report} file when asked.
 */
final class FixReport {
    private static final Set<String> STATIC_ERRORS = Set.of("SyntaxError", "MultipleDefinitionError", "CycleError");

    private final List<String> changes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** Runs {@code notebook.fix} on the notebook and keeps what it says. */
    FixResult fix(CellarClient client, String notebookId) throws IOException {
        FixResult r = client.call(Methods.NOTEBOOK_FIX, new NotebookParams(notebookId), FixResult.class);
        changes.addAll(r.changes());
        problems.addAll(r.problems());
        return r;
    }

    /** The cells that still cannot run, from the notebook as it is now. */
    void staticErrors(NotebookSnapshot nb) {
        List<CellInfo> cells = nb.cells();
        for (int i = 0; i < cells.size(); i++) {
            CellInfo c = cells.get(i);
            // an edited cell keeps the error of its old code, stale: only a cell in error now counts
            if (c.status() == CellStatus.ERROR && c.error() != null && STATIC_ERRORS.contains(c.error().ename())) {
                problems.add("cell " + i + ": " + c.error().ename() + ": " + c.error().message() + advice(c.error().ename()));
            }
        }
    }

    private static String advice(String ename) {
        return switch (ename) {
            case "MultipleDefinitionError" -> " (keep one definition: rename the others, or prefix a name used only"
                    + " in its cell with _)";
            case "CycleError" -> " (move the code one cell needs from the other into it, or into a cell of its own)";
            default -> " (edit the cell: cellar edit)";
        };
    }

    boolean clean() {
        return problems.isEmpty();
    }

    /** Changes on {@code out}, problems on {@code err}, both to {@code reportFile} when given. */
    void print(PrintWriter out, PrintWriter err, Path reportFile) throws IOException {
        changes.forEach(out::println);
        problems.forEach(p -> err.println("cellar: " + p));
        out.flush();
        err.flush();
        if (reportFile != null) {
            List<String> lines = new ArrayList<>(changes);
            problems.forEach(p -> lines.add("problem: " + p));
            Files.write(reportFile, lines, StandardCharsets.UTF_8);
        }
    }
}
