package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.analysis.Rewritten;
import dev.cellar.daemon.units.ByteSize;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.CellIds;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CellsResult;
import dev.cellar.protocol.method.RevisionResult;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns the cell commands into {@link Edit}s: validation against the notebook as it
 * will be once the edits before it in the burst are applied, and the change itself. What
 * follows from it is {@link EditConsequences}'s. Runs on the command loop; changes nothing itself.
 */
final class NotebookEdits {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** What a cell's conn= may say (sql.SqlConnections reads it): nothing that could break its marker line. */

    private final NotebookSession session;
    private final CellAnalyzer analyzer;

    NotebookEdits(NotebookSession session, CellAnalyzer analyzer) {
        this.session = session;
        this.analyzer = analyzer;
    }

    Edit create(Notebook base, Origin origin, Command.CreateCell c) {
        int index = insertionIndex(base, c.index(), c.afterCellId());
        Set<String> taken = new HashSet<>();
        base.cells().forEach(x -> taken.add(x.id()));
        Cell cell = fresh(base, origin, c, analyzer.analyze(source(c)), taken);
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            cells.add(index, cell);
            return nb.revise(cells);
        }, Edit.Intent.writes(c.autorun(), false), () -> new CellResult(session.info(cell.id()), session.notebook().revision()));
    }

    /** Many cells, one edit: validated one by one, analysed in one call (a batch is much cheaper). */
    Edit createMany(Notebook base, Origin origin, Command.CreateCells m) {
        int index = insertionIndex(base, m.index(), m.afterCellId());
        Rewritten rewritten = m.rewrite() ? rewrite(m.cells(), index) : new Rewritten(List.of(), List.of(), List.of());
        List<Command.CreateCell> asked = m.rewrite() ? withRewrittenCode(m.cells(), rewritten.sources()) : m.cells();
        List<CellAnalyzer.Source> sources = asked.stream().map(NotebookEdits::source).toList();
        List<Analysis> analyses = sources.isEmpty() ? List.of() : analyzer.analyze(sources);
        Set<String> taken = new HashSet<>();
        base.cells().forEach(x -> taken.add(x.id()));
        List<Cell> made = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            Cell cell = fresh(base, origin, asked.get(i), analyses.get(i), taken);
            taken.add(cell.id());
            made.add(cell);
        }
        List<String> ids = made.stream().map(Cell::id).toList();
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            cells.addAll(index, made);
            return nb.revise(cells);
        }, Edit.Intent.writes(m.autorun(), false), () -> new CellsResult(ids, session.notebook().revision(),
                rewritten.changes(), rewritten.problems()));
    }

    /** rewrite.py on the Python cells among {@code cells}, numbered from {@code first} as they will stand. */
    private Rewritten rewrite(List<Command.CreateCell> cells, int first) {
        List<String> python = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Command.CreateCell c = cells.get(i);
            if (c.kind() == null || c.kind() == CellKind.PYTHON) {
                python.add(c.code() == null ? "" : c.code());
                labels.add(first + i);
            }
        }
        return python.isEmpty() ? new Rewritten(List.of(), List.of(), List.of()) : analyzer.rewrite(python, labels);
    }

    /** The cells with the Python ones' code replaced, in order, by {@code sources}. */
    private static List<Command.CreateCell> withRewrittenCode(List<Command.CreateCell> cells, List<String> sources) {
        List<Command.CreateCell> out = new ArrayList<>();
        int next = 0;
        for (Command.CreateCell c : cells) {
            if ((c.kind() == null || c.kind() == CellKind.PYTHON) && next < sources.size()) {
                String code = sources.get(next++);
                out.add(new Command.CreateCell(c.kind(), code, null, null, c.out(), c.autorun(), c.parameters(), c.shown(),
                        c.sql()));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** What the analyser is asked of a new cell, once its code and out are checked. */
    private static CellAnalyzer.Source source(Command.CreateCell c) {
        CellKind kind = c.kind() == null ? CellKind.PYTHON : c.kind();
        String code = c.code() == null ? "" : c.code();
        checkSize(code);
        String out = c.out();
        if (out != null && !IDENTIFIER.matcher(out).matches()) {
            throw invalid("out must be a Python identifier, not '" + out + "'");
        }
        if (out != null && kind != CellKind.SQL) {
            throw invalid("only SQL cells have an out variable");
        }
        if (c.sql().conn() != null && (kind != CellKind.SQL || !(c.sql().conn().equals(dev.cellar.daemon.sql.SqlConnections.DUCKDB)
                || dev.cellar.protocol.config.NamedConnection.isReference(c.sql().conn())))) {
            throw invalid("conn is an SQL cell's connection: @NAME or duckdb, not '" + c.sql().conn() + "'");
        }
        if (c.sql().cache() && kind != CellKind.SQL) {
            throw invalid("only SQL cells reuse a result (cache)");
        }
        return new CellAnalyzer.Source(kind, code, out);
    }

    private static Cell fresh(Notebook base, Origin origin, Command.CreateCell c, Analysis analysis, Set<String> taken) {
        CellKind kind = c.kind() == null ? CellKind.PYTHON : c.kind();
        String code = c.code() == null ? "" : c.code();
        Cell made = Cell.fresh(CellIds.next(taken), kind, code, c.out(),
                c.sql().appendedTo(c.parameters() ? "tags=[\"parameters\"]" : ""), analysis, origin.actor());
        // what it showed elsewhere (an imported .ipynb): on view at once, stale until it runs here
        return c.shown().isEmpty() || !made.runnable() ? made
                : made.withResult(CellStatus.STALE, withoutHandles(c.shown()), null).bounded(base.settings().outputLimit());
    }

    Edit update(Notebook base, Origin origin, Command.UpdateCell u) {
        Cell cell = requireCell(base, u.cellId());
        checkVersion(cell, u.expectedVersion());
        if (u.code() == null) {
            throw invalid("code is required");
        }
        checkSize(u.code());
        CellKind kind = u.kind() != null ? u.kind() : cell.kind();
        String named = u.out() == null ? cell.out() : u.out().isBlank() ? null : u.out().strip();
        String out = kind == CellKind.SQL ? named : null; // only an SQL cell has a result variable
        Supplier<Object> reply = () -> new CellResult(session.info(cell.id()), session.notebook().revision());
        if (u.code().equals(cell.code()) && kind == cell.kind() && java.util.Objects.equals(out, cell.out())) {
            return Edit.none(reply);
        }
        Analysis analysis = analyzer.analyze(new CellAnalyzer.Source(kind, u.code(), out));
        return new Edit(nb -> nb.withCell(cell.id(), current -> current.edited(kind, u.code(), out, analysis, origin.actor())),
                Edit.Intent.writes(u.autorun(), u.expectedVersion() == null), reply);
    }

    Edit delete(Notebook base, Command.DeleteCell d) {
        Cell cell = requireCell(base, d.cellId());
        checkVersion(cell, d.expectedVersion());
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            cells.remove(nb.indexOf(cell.id()));
            return nb.revise(cells);
        }, Edit.Intent.QUIET, () -> new RevisionResult(session.notebook().revision()));
    }

    Edit move(Notebook base, Command.MoveCell m) {
        Cell cell = requireCell(base, m.cellId());
        if (m.index() < 0 || m.index() >= base.cells().size()) {
            throw invalid("index " + m.index() + " is out of range 0.." + (base.cells().size() - 1));
        }
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            Cell current = cells.remove(nb.indexOf(cell.id()));
            cells.add(m.index(), current);
            return nb.revise(cells);
        }, Edit.Intent.moves(cell.id()), () -> new RevisionResult(session.notebook().revision()));
    }

    private static int insertionIndex(Notebook base, Integer index, String afterCellId) {
        int size = base.cells().size();
        if (index != null && afterCellId != null) {
            throw invalid("give index or afterCellId, not both");
        }
        if (afterCellId != null) {
            return base.indexOf(requireCell(base, afterCellId).id()) + 1;
        }
        if (index == null) {
            return size;
        }
        if (index < 0 || index > size) {
            throw invalid("index " + index + " is out of range 0.." + size);
        }
        return index;
    }

    static Cell requireCell(Notebook notebook, String cellId) {
        if (cellId == null) {
            throw invalid("cellId is required");
        }
        return notebook.cell(cellId).orElseThrow(() -> new RpcException(ErrorCode.CELL_NOT_FOUND,
                "no cell " + cellId + " in " + notebook.path().getFileName()));
    }

    private static void checkVersion(Cell cell, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != cell.version()) {
            throw new RpcException(ErrorCode.CONFLICT, "cell " + cell.id() + " is at version " + cell.version()
                    + ", not " + expectedVersion + ": it was changed since you read it",
                    Json.MAPPER.createObjectNode().set("cell", Json.tree(cell.toInfo())));
        }
    }

    /**
     * One cell's code is at most this many characters: with its outputs it must fit in one
     * message (a frame is 16 MiB), so that any notebook can at least be read cell by cell.
     */
    static final int MAX_CODE_CHARS = 2 << 20;

    private static void checkSize(String code) {
        if (code.length() > MAX_CODE_CHARS) {
            throw invalid("code is too large: " + ByteSize.describe(code.length()) + " of text, and a cell holds at most "
                    + ByteSize.describe(MAX_CODE_CHARS) + " (keep data in files the cell reads)");
        }
    }

    /**
     * Outputs a client brings (an imported notebook's) page nothing: a handle names a table this
     * daemon's kernel keeps for a run of its own, and one from elsewhere would read another cell's.
     */
    private static List<Output> withoutHandles(List<Output> shown) {
        return shown.stream().map(o -> o instanceof Output.Table t && t.handle() != null ? (Output) t.withHandle(null) : o)
                .toList();
    }

    static RpcException invalid(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }
}
