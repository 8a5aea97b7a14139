package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.store.StoredCell;
import dev.cellar.daemon.store.StoredNotebook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the notebook file says now, as an edit of the notebook the daemon holds: the edit
 * of the actor {@code file}, which editors, git and coding agents make by writing the
 * file. Cells are matched by id; cells without one (or with an id the notebook does not
 * know) by the same code, then by position; the rest are new and get an id. Cells no
 * longer in the file are removed. The header text is kept as written; of its settings,
 * those that would widen what the notebook may do wait for a person ({@link HeaderChange}).
 */
final class FileMerge {
    static final String ACTOR = "file";

    private FileMerge() {
    }

    /** The notebook as the file has it, from {@code held} (the notebook the daemon holds now). */
    static Notebook merge(Notebook held, StoredNotebook file, Settings settings, CellAnalyzer analyzer) {
        List<StoredCell> stored = file.cells();
        Cell[] match = new Cell[stored.size()];
        Set<String> used = new HashSet<>();
        Map<String, Cell> byId = new HashMap<>();
        held.cells().forEach(c -> byId.put(c.id(), c));
        for (int i = 0; i < stored.size(); i++) { // by id
            String id = stored.get(i).id();
            if (id != null && byId.containsKey(id) && used.add(id)) {
                match[i] = byId.get(id);
            }
        }
        for (int i = 0; i < stored.size(); i++) { // by code, the nearest first
            if (match[i] == null) {
                StoredCell wanted = stored.get(i);
                match[i] = nearest(held, used, i, c -> sameSource(c, wanted));
            }
        }
        for (int i = 0; i < stored.size(); i++) { // by position
            if (match[i] == null && i < held.cells().size() && !used.contains(held.cells().get(i).id())
                    && stored.get(i).id() == null) {
                match[i] = held.cells().get(i);
                used.add(match[i].id());
            }
        }
        List<Integer> toAnalyse = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            if (match[i] == null || !sameSource(match[i], stored.get(i))) {
                toAnalyse.add(i);
            }
        }
        List<Analysis> analyses = analyzer.analyze(toAnalyse.stream().map(i -> stored.get(i))
                .map(s -> new CellAnalyzer.Source(s.kind(), s.code(), s.out())).toList());
        Map<Integer, Analysis> analysisOf = new HashMap<>();
        for (int k = 0; k < toAnalyse.size(); k++) {
            analysisOf.put(toAnalyse.get(k), analyses.get(k));
        }
        Set<String> taken = new HashSet<>(byId.keySet());
        stored.forEach(s -> {
            if (s.id() != null) {
                taken.add(s.id());
            }
        });
        Set<String> ids = new HashSet<>();
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            StoredCell s = stored.get(i);
            Cell was = match[i];
            Cell cell;
            if (was == null) {
                String id = s.id() != null && !byId.containsKey(s.id()) && !ids.contains(s.id()) ? s.id() : CellIds.next(taken);
                taken.add(id);
                cell = Cell.fresh(id, s.kind(), s.code(), s.out(), s.markerExtra(), analysisOf.get(i), ACTOR);
            } else if (!sameSource(was, s)) {
                cell = was.edited(s.kind(), s.code(), s.out(), analysisOf.get(i), ACTOR);
            } else {
                cell = was;
            }
            if (!Objects.equals(cell.markerExtra(), s.markerExtra())) {
                cell = cell.withMarkerExtra(s.markerExtra());
            }
            ids.add(cell.id());
            cells.add(cell);
        }
        return new Notebook(held.path(), file.header(), settings, held.revision() + 1, cells);
    }

    private static Cell nearest(Notebook held, Set<String> used, int index, java.util.function.Predicate<Cell> wanted) {
        Cell best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<Cell> cells = held.cells();
        for (int j = 0; j < cells.size(); j++) {
            Cell c = cells.get(j);
            if (!used.contains(c.id()) && wanted.test(c) && Math.abs(j - index) < bestDistance) {
                best = c;
                bestDistance = Math.abs(j - index);
            }
        }
        if (best != null) {
            used.add(best.id());
        }
        return best;
    }

    private static boolean sameSource(Cell c, StoredCell s) {
        return c.kind() == s.kind() && c.code().equals(s.code()) && Objects.equals(c.out(), s.out());
    }
}
