package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.analysis.Rewritten;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.method.FixResult;
import dev.cellar.protocol.model.CellKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cellar fix} and the {@code fix_notebook} tool: rewrite.py on the notebook's Python cells
 * (on its analyser, so the grammar is the notebook's Python's), made one {@link Edit}: one
 * revision, one durable write, one step of a turn to rewind. Cells are numbered as {@code cellar
 * show} numbers them, from 0, markdown and SQL cells counted.
 */
final class NotebookFix {
    private NotebookFix() {
    }

    static Edit prepare(NotebookSession session, CellAnalyzer analyzer, Notebook base, Origin origin) {
        List<Cell> python = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < base.cells().size(); i++) {
            Cell c = base.cells().get(i);
            if (c.kind() == CellKind.PYTHON) {
                python.add(c);
                labels.add(i);
            }
        }
        Rewritten r = analyzer.rewrite(python.stream().map(Cell::code).toList(), labels);
        Map<String, String> changed = new LinkedHashMap<>();
        for (int i = 0; i < python.size(); i++) {
            if (!r.sources().get(i).equals(python.get(i).code())) {
                changed.put(python.get(i).id(), r.sources().get(i));
            }
        }
        List<String> ids = List.copyOf(changed.keySet());
        if (changed.isEmpty()) {
            return Edit.none(() -> new FixResult(r.changes(), r.problems(), ids, null, origin.turnId()));
        }
        List<Analysis> analyses = analyzer.analyze(changed.values().stream()
                .map(code -> new CellAnalyzer.Source(CellKind.PYTHON, code, null)).toList());
        Map<String, Analysis> analysisOf = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            analysisOf.put(ids.get(i), analyses.get(i));
        }
        return new Edit(nb -> nb.revise(nb.cells().stream().map(c -> changed.containsKey(c.id())
                        ? c.edited(CellKind.PYTHON, changed.get(c.id()), null, analysisOf.get(c.id()), origin.actor())
                        : c).toList()),
                Edit.Intent.writes(false, false),
                () -> new FixResult(r.changes(), r.problems(), ids, session.notebook().revision(), origin.turnId()));
    }
}
