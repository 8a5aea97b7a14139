package dev.cellar.daemon.model;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.util.List;

/**
 * One cell, immutable. {@code version} grows with every change of its source (code, kind,
 * out); run state changes do not touch it, so a run can tell whether the code it ran is
 * still the cell's. {@code out} is an SQL cell's result variable; {@code markerExtra} is
 * the cell's marker line as the file had it without Cellar's id and out (its title, cell type
 * and other metadata), and {@code file} its body as the file had it (null for a cell made
 * here): both stay with the cell through edits, so saving keeps what an edit did not change.
 */
public record Cell(
        String id,
        CellKind kind,
        String code,
        long version,
        String out,
        String markerExtra,
        Analysis analysis,
        CellStatus status,
        List<Output> outputs,
        CellError error,
        String lastActor,
        FileBody file,
        boolean ran) {

    /** {@code tags=[…, "parameters", …]} on the marker line, or (kept by an older Cellar's checkpoint) the bare word. */
    private static final java.util.regex.Pattern PARAMETERS_TAG = java.util.regex.Pattern.compile(
            "(?:^|\\s)tags=\\[[^\\]]*[\"']parameters[\"']|^parameters$");

    public Cell {
        outputs = List.copyOf(outputs);
    }

    public static Cell fresh(String id, CellKind kind, String code, String out, String markerExtra, Analysis analysis,
                             String actor) {
        return new Cell(id, kind, code, 1, out, markerExtra, analysis, CellStatus.IDLE, List.of(), null, actor, null, false);
    }

    /** This cell with its body as the file has it, kept for saving. */
    public Cell withFile(FileBody newFile) {
        return new Cell(id, kind, code, version, out, markerExtra, analysis, status, outputs, error, lastActor, newFile, ran);
    }

    /**
     * New code of another kind (a Python cell made SQL, …) and output name. A table it showed
     * keeps its preview but no longer pages: its rows are the old code's.
     */
    public Cell withSource(CellKind newKind, String newCode, String newOut, Analysis newAnalysis, String actor) {
        List<Output> kept = outputs.stream().map(o -> o instanceof Output.Table t && t.handle() != null
                ? (Output) t.withHandle(null) : o).toList();
        return new Cell(id, newKind, newCode, version + 1, newOut, markerExtra, newAnalysis, status, kept, error, actor, file, ran);
    }

    /**
     * This cell with a new source, as an edit leaves it: its outputs are kept but no longer
     * the code's, so a cell that had run (or is running) becomes stale. A cell made markdown
     * or raw never runs, so it could never leave "stale": it drops the outputs of the code it
     * was and is idle.
     */
    public Cell edited(CellKind newKind, String newCode, String newOut, Analysis newAnalysis, String actor) {
        Cell next = withSource(newKind, newCode, newOut, newAnalysis, actor);
        if (!next.runnable() && status != CellStatus.RUNNING) {
            return next.withResult(CellStatus.IDLE, List.of(), null);
        }
        return neverRan() && status != CellStatus.RUNNING ? next : next.withStatus(CellStatus.STALE);
    }

    /** The same cell with other marker text (a title, metadata) from the file: not a change of its source. */
    public Cell withMarkerExtra(String extra) {
        return new Cell(id, kind, code, version, out, extra, analysis, status, outputs, error, lastActor, file, ran);
    }

    public Cell withStatus(CellStatus newStatus) {
        return new Cell(id, kind, code, version, out, markerExtra, analysis, newStatus, outputs, error, lastActor, file, ran);
    }

    public Cell withResult(CellStatus newStatus, List<Output> newOutputs, CellError newError) {
        return new Cell(id, kind, code, version, out, markerExtra, analysis, newStatus, newOutputs, newError, lastActor, file, ran);
    }

    /** The kernel's verdict on a run of this cell: from now on it has run, whatever it printed. */
    public Cell finished(CellStatus newStatus, List<Output> newOutputs, CellError newError) {
        return new Cell(id, kind, code, version, out, markerExtra, analysis, newStatus, newOutputs, newError, lastActor, file, true);
    }

    /** The same cell with these outputs: how streamed text, held apart while a cell runs, is folded in. */
    public Cell withOutputs(List<Output> newOutputs) {
        return new Cell(id, kind, code, version, out, markerExtra, analysis, status, newOutputs, error, lastActor, file, ran);
    }

    /** This cell with its outputs within {@code limitChars}, so no cell can make the notebook too large to hold or send. */
    public Cell bounded(long limitChars) {
        return OutputBudget.exceeds(outputs, limitChars) ? withOutputs(OutputBudget.bound(outputs, limitChars)) : this;
    }

    /** The names this cell binds in the kernel: its analysed defs, or an SQL cell's result variable. */
    public java.util.SortedSet<String> defs() {
        return analysis.defs();
    }

    public boolean runnable() {
        return kind != CellKind.MARKDOWN && kind != CellKind.RAW;
    }

    /**
     * Never ran here and shows nothing from an earlier run: an interrupted or cancelled queue
     * entry goes back to idle, not stale. A run that printed nothing still counts ({@code ran}).
     */
    public boolean neverRan() {
        return !ran && outputs.isEmpty() && error == null && (status == CellStatus.IDLE || status.isPending());
    }

    /**
     * The parameters cell, as papermill has it: tagged {@code tags=[…, "parameters", …]} on its
     * marker line (Jupytext's form), or the bare word an older Cellar's checkpoint kept.
     */
    public boolean parametersCell() {
        return PARAMETERS_TAG.matcher(markerExtra == null ? "" : markerExtra).find();
    }

    /** An SQL cell's connection and cache, from its marker line; none for other cells. */
    public SqlCellOptions sqlOptions() {
        return kind == CellKind.SQL ? SqlCellOptions.of(markerExtra) : SqlCellOptions.NONE;
    }

    public CellInfo toInfo() {
        return new CellInfo(id, kind, code, version, status, List.copyOf(analysis.defs()), List.copyOf(analysis.refs()),
                outputs, error, out, lastActor, parametersCell() ? List.of("parameters") : List.of(), sqlOptions().conn(),
                sqlOptions().cache());
    }
}
