package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.protocol.method.CellResult;
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
 * Turns the four cell commands into {@link Edit}s: validation against the notebook as it
 * will be once the edits before it in the burst are applied, and the change itself. What
 * follows from it is {@link EditConsequences}'s. Runs on the command loop; changes nothing itself.
 */
final class NotebookEdits {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final NotebookSession session;
    private final CellAnalyzer analyzer;

    NotebookEdits(NotebookSession session, CellAnalyzer analyzer) {
        this.session = session;
        this.analyzer = analyzer;
    }

    Edit create(Notebook base, Origin origin, Command.CreateCell c) {
        CellKind kind = c.kind() == null ? CellKind.PYTHON : c.kind();
        String code = c.code() == null ? "" : c.code();
        checkSize(code);
        int index = insertionIndex(base, c);
        String out = c.out();
        if (out != null && !IDENTIFIER.matcher(out).matches()) {
            throw invalid("out must be a Python identifier, not '" + out + "'");
        }
        if (out != null && kind != CellKind.SQL) {
            throw invalid("only SQL cells have an out variable");
        }
        Set<String> taken = new HashSet<>();
        base.cells().forEach(x -> taken.add(x.id()));
        Analysis analysis = analyzer.analyze(new CellAnalyzer.Source(kind, code, out));
        Cell made = Cell.fresh(CellIds.next(taken), kind, code, out, c.parameters() ? "tags=[\"parameters\"]" : "", analysis,
                origin.actor());
        // what it showed elsewhere (an imported .ipynb): on view at once, stale until it runs here
        Cell cell = c.shown().isEmpty() || !made.runnable() ? made
                : made.withResult(CellStatus.STALE, withoutHandles(c.shown()), null).bounded(base.settings().outputLimit());
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            cells.add(index, cell);
            return nb.revise(cells);
        }, Edit.Intent.writes(c.autorun(), false), () -> new CellResult(session.info(cell.id()), session.notebook().revision()));
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

    private static int insertionIndex(Notebook base, Command.CreateCell c) {
        int size = base.cells().size();
        if (c.index() != null && c.afterCellId() != null) {
            throw invalid("give index or afterCellId, not both");
        }
        if (c.afterCellId() != null) {
            return base.indexOf(requireCell(base, c.afterCellId()).id()) + 1;
        }
        if (c.index() == null) {
            return size;
        }
        if (c.index() < 0 || c.index() > size) {
            throw invalid("index " + c.index() + " is out of range 0.." + size);
        }
        return c.index();
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
