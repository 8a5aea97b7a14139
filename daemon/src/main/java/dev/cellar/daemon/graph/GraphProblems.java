package dev.cellar.daemon.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Finds the graph's static problems: multiply defined names, and cycles (Tarjan's SCCs, iterative). */
final class GraphProblems {
    /** How many of the other defining cells a multiple-definition error names. */
    static final int OTHERS_NAMED = 5;
    private GraphProblems() {
    }

    static Map<String, GraphProblem> find(DependencyGraph graph, Set<String> cellIds, Map<String, Set<String>> definers) {
        Map<String, GraphProblem> problems = new TreeMap<>();
        Map<String, TreeSet<String>> dupNames = new HashMap<>();
        Map<String, TreeSet<String>> dupOthers = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : definers.entrySet()) {
            if (e.getValue().size() > 1) {
                // a name defined in k cells: name at most a few of the others on each, so that
                // k in the hundreds (an import repeated in every cell) stays linear
                List<String> sample = e.getValue().stream().sorted().limit(OTHERS_NAMED + 1).toList();
                for (String cell : e.getValue()) {
                    dupNames.computeIfAbsent(cell, k -> new TreeSet<>()).add(e.getKey());
                    TreeSet<String> others = dupOthers.computeIfAbsent(cell, k -> new TreeSet<>());
                    for (String other : sample) {
                        if (!other.equals(cell) && others.size() < OTHERS_NAMED) {
                            others.add(other);
                        }
                    }
                }
            }
        }
        dupNames.forEach((cell, names) -> problems.put(cell,
                new GraphProblem.MultipleDefinitions(List.copyOf(names), List.copyOf(dupOthers.get(cell)))));
        for (List<String> scc : stronglyConnected(graph, new TreeSet<>(cellIds))) {
            if (scc.size() > 1) {
                for (String cell : scc) {
                    problems.putIfAbsent(cell, new GraphProblem.Cycle(scc));
                }
            }
        }
        return Map.copyOf(problems);
    }

    private static List<List<String>> stronglyConnected(DependencyGraph graph, Set<String> ids) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : ids) {
            if (index.containsKey(start)) {
                continue;
            }
            // explicit DFS stack of (node, iterator over children) so long chains cannot overflow the thread stack
            Deque<Map.Entry<String, java.util.Iterator<String>>> work = new ArrayDeque<>();
            visit(start, index, low, stack, onStack, counter);
            work.push(Map.entry(start, graph.children(start).iterator()));
            while (!work.isEmpty()) {
                Map.Entry<String, java.util.Iterator<String>> top = work.peek();
                String v = top.getKey();
                if (top.getValue().hasNext()) {
                    String w = top.getValue().next();
                    if (!index.containsKey(w)) {
                        visit(w, index, low, stack, onStack, counter);
                        work.push(Map.entry(w, graph.children(w).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                } else {
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = work.peek().getKey();
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(index.get(v))) {
                        List<String> scc = new ArrayList<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            scc.add(w);
                        } while (!w.equals(v));
                        scc.sort(null);
                        out.add(List.copyOf(scc));
                    }
                }
            }
        }
        return out;
    }

    private static void visit(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                              Set<String> onStack, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
    }
}
