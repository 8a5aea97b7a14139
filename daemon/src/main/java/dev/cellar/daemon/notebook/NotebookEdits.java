package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.graph.DependencyGraph;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.RevisionResult;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the four mutation commands into {@link Edit}s: validation against the notebook as
 * it will be once the edits before it in the burst are applied, the change itself, and
 * what must happen once it is durable. Runs on the command loop; changes nothing itself.
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
        Cell cell = Cell.fresh(CellIds.next(taken), kind, code, out, c.parameters() ? "parameters" : "", analysis,
                origin.actor());
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            cells.add(index, cell);
            return nb.revise(cells);
        }, g -> g.with(cell.id(), analysis), () -> {
            session.publish(NotebookSession.event(EventType.CELL_CREATED, origin).cell(cell.toInfo()).index(index)
                    .revision(session.notebook().revision()));
            session.refreshStaticErrors(origin);
            if (c.autorun()) {
                session.autorun(origin, cell);
            }
            return new CellResult(session.info(cell.id()), session.notebook().revision());
        }, true);
    }

    Edit update(Notebook base, DependencyGraph baseGraph, Origin origin, Command.UpdateCell u) {
        Cell cell = requireCell(base, u.cellId());
        checkVersion(cell, u.expectedVersion());
        if (u.code() == null) {
            throw invalid("code is required");
        }
        checkSize(u.code());
        CellKind kind = u.kind() != null ? u.kind() : cell.kind();
        String named = u.out() == null ? cell.out() : u.out().isBlank() ? null : u.out().strip();
        String out = kind == CellKind.SQL ? named : null; // only an SQL cell has a result variable
        if (u.code().equals(cell.code()) && kind == cell.kind() && java.util.Objects.equals(out, cell.out())) {
            return Edit.none(() -> new CellResult(session.info(cell.id()), session.notebook().revision()));
        }
        Set<String> oldDescendants = baseGraph.withDescendants(List.of(cell.id()));
        Analysis analysis = analyzer.analyze(new CellAnalyzer.Source(kind, u.code(), out));
        return new Edit(nb -> {
            Cell current = nb.cell(cell.id()).orElseThrow();
            Cell edited = current.withSource(kind, u.code(), out, analysis, origin.actor());
            if (!current.neverRan() || current.status() == CellStatus.RUNNING) {
                edited = edited.withStatus(CellStatus.STALE);
            }
            List<Cell> cells = new ArrayList<>(nb.cells());
            cells.set(nb.indexOf(cell.id()), edited);
            return nb.revise(cells);
        }, g -> g.with(cell.id(), analysis), () -> {
            Cell edited = session.notebook().cell(cell.id()).orElseThrow();
            session.publish(NotebookSession.event(EventType.CELL_UPDATED, origin).cell(edited.toInfo())
                    .revision(session.notebook().revision()).lastWriterWins(u.expectedVersion() == null));
            // names this cell no longer defines must not linger in the kernel for its readers
            Set<String> dropped = session.runner().queue().ownedBy(cell.id());
            dropped.removeAll(analysis.defs());
            session.runner().queue().release(dropped);
            Set<String> affected = new LinkedHashSet<>(oldDescendants);
            affected.addAll(session.graph().withDescendants(List.of(cell.id())));
            affected.remove(cell.id());
            session.markStale(origin, affected);
            session.refreshStaticErrors(origin);
            if (u.autorun()) {
                session.autorun(origin, edited);
            }
            session.runner().ensureDraining();
            return new CellResult(session.info(cell.id()), session.notebook().revision());
        }, true);
    }

    Edit delete(Notebook base, DependencyGraph baseGraph, Origin origin, Command.DeleteCell d) {
        Cell cell = requireCell(base, d.cellId());
        checkVersion(cell, d.expectedVersion());
        Set<String> dependents = baseGraph.withDescendants(List.of(cell.id()));
        dependents.remove(cell.id());
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            cells.remove(nb.indexOf(cell.id()));
            return nb.revise(cells);
        }, g -> g.without(cell.id()), () -> {
            session.runner().forget(cell.id());
            session.publish(NotebookSession.event(EventType.CELL_DELETED, origin).cellId(cell.id())
                    .revision(session.notebook().revision()));
            session.markStale(origin, dependents);
            session.refreshStaticErrors(origin);
            session.runner().ensureDraining();
            session.runner().finishCompletedRuns();
            return new RevisionResult(session.notebook().revision());
        }, true);
    }

    Edit move(Notebook base, Origin origin, Command.MoveCell m) {
        Cell cell = requireCell(base, m.cellId());
        if (m.index() < 0 || m.index() >= base.cells().size()) {
            throw invalid("index " + m.index() + " is out of range 0.." + (base.cells().size() - 1));
        }
        return new Edit(nb -> {
            List<Cell> cells = new ArrayList<>(nb.cells());
            Cell current = cells.remove(nb.indexOf(cell.id()));
            cells.add(m.index(), current);
            return nb.revise(cells);
        }, g -> g, () -> {
            session.publish(NotebookSession.event(EventType.CELL_MOVED, origin).cellId(cell.id()).index(m.index())
                    .revision(session.notebook().revision()));
            return new RevisionResult(session.notebook().revision());
        }, true);
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

    static RpcException invalid(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }
}
