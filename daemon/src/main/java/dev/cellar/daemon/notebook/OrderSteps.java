package dev.cellar.daemon.notebook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps that take a client's list of cells from one order to another, as the events
 * say them: deletions first, then creations and moves, each index meant for the list as
 * it is after the steps before it (a move is "remove, then insert at"). Cells that keep
 * their relative order (the longest run of them) stay where they are, so a single move
 * is one step; cells in {@code moved} (the ones an edit moved on purpose) are always the
 * ones that move, and say so even when they land where they were.
 */
final class OrderSteps {
    private OrderSteps() {
    }

    sealed interface Step permits Delete, Create, Move { }

    record Delete(String cellId) implements Step { }

    record Create(String cellId, int index) implements Step { }

    record Move(String cellId, int index) implements Step { }

    static List<Step> between(List<String> before, List<String> after, Set<String> moved) {
        Set<String> staying = new HashSet<>(after);
        List<Step> steps = new ArrayList<>();
        List<String> list = new ArrayList<>();
        for (String id : before) {
            if (staying.contains(id)) {
                list.add(id);
            } else {
                steps.add(new Delete(id));
            }
        }
        Set<String> fixed = longestKeptRun(list, after, moved);
        for (int i = 0; i < after.size(); i++) {
            String id = after.get(i);
            if (fixed.contains(id)) {
                continue;
            }
            int from = list.indexOf(id);
            if (from >= 0) {
                list.remove(from);
            }
            // right after the cell that precedes it in the new order: placed cells keep their neighbours
            int at = i == 0 ? 0 : list.indexOf(after.get(i - 1)) + 1;
            list.add(at, id);
            if (from < 0) {
                steps.add(new Create(id, at));
            } else if (from != at || moved.contains(id)) {
                steps.add(new Move(id, at));
            }
        }
        return steps;
    }

    /** The largest set of kept cells (not in {@code moved}) whose relative order is the same before and after. */
    private static Set<String> longestKeptRun(List<String> kept, List<String> after, Set<String> moved) {
        Map<String, Integer> oldIndex = new HashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            oldIndex.put(kept.get(i), i);
        }
        List<String> candidates = after.stream().filter(id -> oldIndex.containsKey(id) && !moved.contains(id)).toList();
        int n = candidates.size();
        int[] tailIndex = new int[n]; // tailIndex[k]: position in candidates of the smallest tail of a run of length k+1
        int[] previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            int value = oldIndex.get(candidates.get(i));
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (oldIndex.get(candidates.get(tailIndex[mid])) < value) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            previous[i] = lo > 0 ? tailIndex[lo - 1] : -1;
            tailIndex[lo] = i;
            length = Math.max(length, lo + 1);
        }
        Set<String> run = new HashSet<>();
        for (int i = length == 0 ? -1 : tailIndex[length - 1]; i >= 0; i = previous[i]) {
            run.add(candidates.get(i));
        }
        return run;
    }
}
