package dev.cellar.daemon.notebook;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.CellIds;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Settings;
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
 * know) by the same code, the nearest first; the rest are new and get an id. Cells no
 * longer in the file are removed. The header text is kept as written; of its settings,
 * those that would widen what the notebook may do wait for a person (the trust records' rule,
 * {@code Rights.widens}, applied by the session).
 */
final class FileMerge {
    static final String ACTOR = "file";

    private FileMerge() {
    }

    /**
     * The merge: the notebook as it is after the file's change, and whether it keeps something
     * of the daemon's that the file lacks (the file must then be written again).
     */
    record Merged(Notebook notebook, boolean keptOurs, Map<String, String> fileVersion) {
    }

    /**
     * The notebook as the file has it, from {@code held} (the notebook the daemon holds now).
     * {@code recent}: the versions of the file the daemon wrote or read lately (each cell id to
     * its source), newest last. The writer started from one of them, not necessarily the last
     * (an editor or agent that read the file, then saved after the daemon saved an edit): the
     * one the file is closest to is its base, and only what differs from that base is the
     * writer's change. A cell the base did not have is the daemon's newer edit, not one the
     * writer deleted; a cell whose code the writer left as the base had it keeps the daemon's.
     */
    static Merged merge(Notebook held, StoredNotebook file, Settings settings, CellAnalyzer analyzer,
                        List<Map<String, String>> recent) {
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
        // not by position alone: a cell the writer added where one of ours stands (that its older copy of
        // the file lacked) would take that cell's id and overwrite it
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
        Map<String, String> base = base(recent, stored);
        boolean keptOurs = false;
        Map<String, String> fileVersion = new HashMap<>(); // the file as it was, with the ids its cells got
        for (int i = 0; i < stored.size(); i++) {
            StoredCell s = stored.get(i);
            Cell was = match[i];
            Cell cell;
            if (was == null) {
                String id = s.id() != null && !byId.containsKey(s.id()) && !ids.contains(s.id()) ? s.id() : CellIds.next(taken);
                taken.add(id);
                cell = Cell.fresh(id, s.kind(), s.code(), s.out(), s.markerExtra(), analysisOf.get(i), ACTOR)
                        .withFile(s.file());
            } else if (!sameSource(was, s) && !keepsOurs(base, was, s)) {
                cell = was.edited(s.kind(), s.code(), s.out(), analysisOf.get(i), ACTOR).withFile(s.file());
            } else if (!sameSource(was, s)) {
                cell = was; // the writer's base had the code we replaced since: ours is the newer edit
                keptOurs = true;
            } else {
                cell = was;
            }
            if (!Objects.equals(cell.markerExtra(), s.markerExtra())) {
                boolean otherSql = was != null && cell == was
                        && !cell.withMarkerExtra(s.markerExtra()).sqlOptions().equals(cell.sqlOptions());
                cell = cell.withMarkerExtra(s.markerExtra());
                if (otherSql) {
                    // another connection (conn=) or cache= is another query: the result shown is no longer the cell's
                    cell = cell.edited(cell.kind(), cell.code(), cell.out(), cell.analysis(), ACTOR);
                }
            }
            ids.add(cell.id());
            cells.add(cell);
            fileVersion.put(cell.id(), source(s.kind(), s.code(), s.out()));
        }
        // cells the file lacks: deleted by the writer if its base had them, else newer than its base: kept
        for (int j = 0; j < held.cells().size(); j++) {
            Cell c = held.cells().get(j);
            if (ids.contains(c.id()) || base == null || base.containsKey(c.id())) {
                continue;
            }
            int at = 0;
            for (int k = j - 1; k >= 0; k--) { // after the cell it follows in the daemon's notebook
                int there = cells.indexOf(held.cells().get(k));
                if (there < 0) {
                    String before = held.cells().get(k).id();
                    there = indexOf(cells, before);
                }
                if (there >= 0) {
                    at = there + 1;
                    break;
                }
            }
            cells.add(at, c);
            ids.add(c.id());
            keptOurs = true;
        }
        return new Merged(new Notebook(held.path(), file.header(), settings, held.revision() + 1, cells), keptOurs,
                fileVersion);
    }

    private static int indexOf(List<Cell> cells, String id) {
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The writer changed this cell only if its code differs from the base's; else the daemon's edit is newer. */
    private static boolean keepsOurs(Map<String, String> base, Cell ours, StoredCell theirs) {
        if (base == null) {
            return false;
        }
        String was = base.get(ours.id());
        return was != null && was.equals(source(theirs.kind(), theirs.code(), theirs.out()))
                && !was.equals(source(ours.kind(), ours.code(), ours.out()));
    }

    /**
     * Of the recent versions, the one the file was most likely written from: the most cells with
     * the same id and source, the fewest of its cells missing from the file; the newest on a tie.
     * Null when there are none, or when the file is exactly one of them (a revert): every
     * difference is then the writer's.
     */
    private static Map<String, String> base(List<Map<String, String>> recent, List<StoredCell> stored) {
        Map<String, String> theirs = new HashMap<>();
        stored.forEach(s -> {
            if (s.id() != null) {
                theirs.put(s.id(), source(s.kind(), s.code(), s.out()));
            }
        });
        if (stored.stream().allMatch(s -> s.id() != null) && recent.contains(theirs)) {
            // exactly a version the file had before (git checkout, an editor's undo): a revert to it, taken whole;
            // a writer that started from an old version and changed nothing would have no reason to write
            return null;
        }
        Map<String, String> best = null;
        int bestScore = Integer.MIN_VALUE;
        for (Map<String, String> version : recent) {
            int score = 0;
            for (var e : version.entrySet()) {
                String code = theirs.get(e.getKey());
                score += code == null ? -1 : code.equals(e.getValue()) ? 2 : 1;
            }
            if (score >= bestScore) {
                best = version;
                bestScore = score;
            }
        }
        return best;
    }

    /** A cell's source as one string, for comparing versions. */
    static String source(dev.cellar.protocol.model.CellKind kind, String code, String out) {
        return kind + "\u0000" + (out == null ? "" : out) + "\u0000" + code;
    }

    /** A notebook's cells as a version for {@link #merge}'s {@code recent}. */
    static Map<String, String> version(Notebook notebook) {
        Map<String, String> v = new HashMap<>();
        notebook.cells().forEach(c -> v.put(c.id(), source(c.kind(), c.code(), c.out())));
        return v;
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
