package dev.cellar.daemon.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.analysis.Analysis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The graph's rules as a table of cases (as marimo's {@code test_dataflow_cases.py}): each
 * case gives cells as (id, defs, refs) {@link Analysis} values, optionally a list of edits
 * applied one by one with {@code with}/{@code without}, and what the graph must say. No
 * analyser and no Python: the names are given. Every case is checked twice, on the graph
 * built by the edits and on {@link DependencyGraph#of} of the final cells, so an
 * incremental update that forgets an index entry fails here.
 */
class GraphCasesTest {

    static Stream<GraphCase> cases() {
        return Stream.of(
                // ---- structure
                graph("empty notebook")
                        .order(List.of(), List.of())
                        .noProblems(),
                graph("a single cell has no parents or children")
                        .cell("a", "x", "")
                        .parents("a").children("a")
                        .order(List.of("a"), List.of("a"))
                        .noProblems(),
                graph("chain: a defines x, b reads x and defines y, c reads y")
                        .cell("a", "x", "").cell("b", "y", "x").cell("c", "", "y")
                        .parents("a").parents("b", "a").parents("c", "b")
                        .children("a", "b").children("b", "c").children("c")
                        .descendants(List.of("a"), "a", "b", "c")
                        .descendants(List.of("b"), "b", "c")
                        .ancestors(List.of("c"), "a", "b", "c")
                        .ancestors(List.of("a"), "a")
                        .order(List.of("a", "b", "c"), List.of("a", "b", "c"))
                        .noProblems(),
                graph("topological order puts parents first whatever the notebook order")
                        .cell("c", "", "y").cell("b", "y", "x").cell("a", "x", "")
                        .order(List.of("c", "b", "a"), List.of("a", "b", "c")),
                graph("independent cells keep notebook order")
                        .cell("a", "x", "").cell("b", "y", "").cell("c", "z", "")
                        .order(List.of("c", "a", "b"), List.of("c", "a", "b")),
                graph("among ready cells notebook order decides, not id order")
                        .cell("root", "x", "").cell("p", "", "x").cell("q", "", "x").cell("other", "w", "")
                        .order(List.of("q", "root", "other", "p"), List.of("root", "q", "other", "p")),
                graph("diamond: d reads both branches and runs after both")
                        .cell("a", "x", "").cell("b", "y", "x").cell("c", "z", "x").cell("d", "", "y z")
                        .parents("d", "b", "c").children("a", "b", "c")
                        .descendants(List.of("b"), "b", "d")
                        .ancestors(List.of("d"), "a", "b", "c", "d")
                        .order(List.of("d", "c", "b", "a"), List.of("a", "c", "b", "d"))
                        .noProblems(),
                graph("a cell defining several names read by different cells")
                        .cell("a", "x y", "").cell("b", "", "x").cell("c", "", "y")
                        .children("a", "b", "c").parents("b", "a").parents("c", "a"),
                graph("a name nobody defines is no edge (a builtin or an import-time global)")
                        .cell("a", "", "print len").cell("b", "x", "")
                        .parents("a").children("b")
                        .noProblems(),
                graph("two cells reading the same name are siblings, not parent and child")
                        .cell("a", "x", "").cell("b", "", "x").cell("c", "", "x")
                        .parents("b", "a").parents("c", "a").children("b").children("c"),
                graph("roots given twice or unknown roots: each cell once, unknown ignored")
                        .cell("a", "x", "").cell("b", "", "x")
                        .descendants(List.of("a", "a", "zz"), "a", "b")
                        .ancestors(List.of("zz"))
                        .descendants(List.of()),
                graph("a cell reading and defining the same name (x = x + 1) is not its own parent")
                        .cell("a", "x", "").cell("b", "x", "x")
                        .parents("b", "a").children("a", "b").children("b")
                        .problem("a", multiple(List.of("x"), "b"))
                        .problem("b", multiple(List.of("x"), "a")),
                graph("self-reference alone: no cycle, the cell runs")
                        .cell("a", "x", "x")
                        .parents("a").children("a")
                        .order(List.of("a"), List.of("a"))
                        .noProblems(),

                // ---- problems: multiple definitions
                graph("a name defined in two cells: both cells have the problem, naming the other")
                        .cell("a", "x", "").cell("b", "x", "").cell("c", "", "x")
                        .problem("a", multiple(List.of("x"), "b"))
                        .problem("b", multiple(List.of("x"), "a"))
                        .parents("c", "a", "b"),
                graph("several names defined twice are listed together, sorted")
                        .cell("a", "y x", "").cell("b", "x y", "").cell("c", "x", "")
                        .problem("a", multiple(List.of("x", "y"), "b", "c"))
                        .problem("b", multiple(List.of("x", "y"), "a", "c"))
                        .problem("c", multiple(List.of("x"), "a", "b")),
                graph("a name defined in many cells: each names at most five others")
                        .cell("c1", "x", "").cell("c2", "x", "").cell("c3", "x", "").cell("c4", "x", "")
                        .cell("c5", "x", "").cell("c6", "x", "").cell("c7", "x", "").cell("c8", "x", "")
                        .problemCells("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8")
                        .problem("c1", multiple(List.of("x"), "c2", "c3", "c4", "c5", "c6"))
                        .problem("c8", multiple(List.of("x"), "c1", "c2", "c3", "c4", "c5")),
                graph("private names are the analyser's business: a cell's Analysis never holds _tmp")
                        // analyze.py and SqlNames drop names starting with '_'; two cells that both use _tmp
                        // reach the graph with no names at all, so they neither clash nor depend on each other
                        .cell("a", "", "").cell("b", "", "")
                        .parents("a").parents("b")
                        .noProblems(),

                // ---- problems: cycles
                graph("two cells reading each other's names form a cycle")
                        .cell("a", "x", "y").cell("b", "y", "x")
                        .parents("a", "b").parents("b", "a")
                        .problem("a", cycle("a", "b")).problem("b", cycle("a", "b"))
                        .order(List.of("a", "b"), List.of()),
                graph("a longer cycle a -> b -> c -> a, and its downstream cell cannot run either")
                        .cell("a", "x", "z").cell("b", "y", "x").cell("c", "z", "y").cell("d", "", "z").cell("e", "w", "")
                        .problem("a", cycle("a", "b", "c")).problem("b", cycle("a", "b", "c"))
                        .problem("c", cycle("a", "b", "c"))
                        .order(List.of("a", "b", "c", "d", "e"), List.of("e"))
                        .firstUpstream(List.of("a", "b", "c"), Map.of("d", "c")),
                graph("two separate cycles are two problems")
                        .cell("a", "x", "y").cell("b", "y", "x").cell("c", "u", "v").cell("d", "v", "u")
                        .problem("a", cycle("a", "b")).problem("b", cycle("a", "b"))
                        .problem("c", cycle("c", "d")).problem("d", cycle("c", "d")),
                graph("a cell in a cycle that also defines a duplicate name reports the duplicate")
                        .cell("a", "x", "y").cell("b", "y", "x").cell("c", "x", "")
                        .problem("a", multiple(List.of("x"), "c"))
                        .problem("b", cycle("a", "b"))
                        .problem("c", multiple(List.of("x"), "a")),
                graph("a long chain (3 000 cells) is no cycle and does not overflow the stack")
                        .chain(3_000)
                        .noProblems(),

                // ---- firstUpstream: which broken cell keeps a cell from running
                graph("firstUpstream: every descendant of a broken cell names it; the source itself is left out")
                        .cell("a", "x", "").cell("b", "y", "x").cell("c", "", "y").cell("d", "w", "")
                        .firstUpstream(List.of("a"), Map.of("b", "a", "c", "a")),
                graph("firstUpstream: with two broken parents, the smaller id wins deterministically")
                        .cell("p", "x", "").cell("q", "y", "").cell("r", "", "x y")
                        .firstUpstream(List.of("q", "p"), Map.of("r", "p")),
                graph("firstUpstream: below two broken cells in a row, a cell names the nearer one")
                        .cell("a", "x", "").cell("b", "y", "x").cell("c", "", "y")
                        .firstUpstream(List.of("a", "b"), Map.of("c", "b")),
                graph("firstUpstream: an unknown source is ignored")
                        .cell("a", "x", "")
                        .firstUpstream(List.of("gone"), Map.of()),

                // ---- edits, applied with with/without
                graph("edit: a cell stops reading a name and loses its parent")
                        .cell("a", "x", "").cell("b", "", "x")
                        .with("b", "", "")
                        .parents("b").children("a"),
                graph("edit: a cell starts reading a name and gains a parent")
                        .cell("a", "x", "").cell("b", "", "")
                        .with("b", "", "x")
                        .parents("b", "a").children("a", "b"),
                graph("edit: a definition moves from one cell to another")
                        .cell("a", "x", "").cell("b", "y", "").cell("c", "", "x")
                        .with("a", "", "").with("b", "x y", "")
                        .parents("c", "b").children("a").children("b", "c")
                        .noProblems(),
                graph("edit: renaming a def releases old readers")
                        .cell("a", "x", "").cell("b", "", "x").cell("c", "", "x2")
                        .with("a", "x2", "")
                        .parents("b").parents("c", "a"),
                graph("edit: making a duplicate, then fixing it, leaves no problem behind")
                        .cell("a", "x", "").cell("b", "y", "")
                        .with("b", "x", "")
                        .with("b", "y", "")
                        .noProblems(),
                graph("edit: an edit that closes a cycle")
                        .cell("a", "x", "").cell("b", "y", "x")
                        .with("a", "x", "y")
                        .problem("a", cycle("a", "b")).problem("b", cycle("a", "b"))
                        .order(List.of("a", "b"), List.of()),
                graph("edit: an edit that breaks a cycle")
                        .cell("a", "x", "y").cell("b", "y", "x")
                        .with("a", "x", "")
                        .noProblems()
                        .order(List.of("b", "a"), List.of("a", "b")),
                graph("delete: the deleted cell's readers lose their parent, its duplicate is no more")
                        .cell("a", "x", "").cell("b", "x", "").cell("c", "", "x")
                        .without("a")
                        .parents("c", "b").children("b", "c")
                        .noProblems(),
                graph("delete: deleting a cell in a cycle breaks it")
                        .cell("a", "x", "z").cell("b", "y", "x").cell("c", "z", "y")
                        .without("b")
                        .parents("a", "c").parents("c")
                        .noProblems(),
                graph("delete of an unknown cell changes nothing")
                        .cell("a", "x", "").cell("b", "", "x")
                        .without("zz")
                        .parents("b", "a"),
                graph("add then delete a cell: as if it never was")
                        .cell("a", "x", "").cell("b", "", "x")
                        .with("n", "x y", "b_out")
                        .without("n")
                        .parents("b", "a").children("a", "b")
                        .noProblems(),
                graph("a new cell that reads an existing name joins below it")
                        .cell("a", "x", "")
                        .with("n", "", "x")
                        .parents("n", "a")
                        .order(List.of("n", "a"), List.of("a", "n")),
                graph("a new cell defining a name that was unresolved becomes its readers' parent")
                        .cell("r", "", "later")
                        .with("n", "later", "")
                        .parents("r", "n").children("n", "r")
                        .order(List.of("r", "n"), List.of("n", "r")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void incrementalGraph(GraphCase c) {
        c.check(c.incremental(), "after with/without");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void graphBuiltAtOnce(GraphCase c) {
        c.check(DependencyGraph.of(c.finalCells()), "DependencyGraph.of");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void incrementalAndRebuiltAgreeEverywhere(GraphCase c) {
        DependencyGraph inc = c.incremental();
        DependencyGraph built = DependencyGraph.of(c.finalCells());
        List<String> ids = new ArrayList<>(c.finalCells().keySet());
        for (String id : ids) {
            assertThat(inc.contains(id)).isTrue();
            assertThat(inc.parents(id)).as("parents of %s", id).isEqualTo(built.parents(id));
            assertThat(inc.children(id)).as("children of %s", id).isEqualTo(built.children(id));
            // an edge is the same edge seen from both ends
            for (String p : built.parents(id)) {
                assertThat(built.children(p)).as("children of %s", p).contains(id);
            }
        }
        assertThat(inc.problems()).isEqualTo(built.problems());
        assertThat(inc.topologicalOrder(ids)).isEqualTo(built.topologicalOrder(ids));
        for (String removed : c.removed()) {
            assertThat(inc.contains(removed)).as("%s was deleted", removed).isFalse();
        }
    }

    @Test
    void theGraphItselfDoesNotHidePrivateNames() {
        // the rule "names starting with _ are private to their cell" lives in the analysers
        // (analyze.py, SqlNames): the graph trusts its input, so a private name that reached
        // it would clash like any other. This pins where the rule is enforced.
        DependencyGraph g = DependencyGraph.of(Map.of("a", analysis("_tmp", ""), "b", analysis("_tmp", "")));
        assertThat(g.problems()).containsOnlyKeys("a", "b");
    }

    @Test
    void graphsAreImmutable() {
        DependencyGraph before = DependencyGraph.of(Map.of("a", analysis("x", ""), "b", analysis("", "x")));
        DependencyGraph after = before.with("b", analysis("", "")).without("a").with("c", analysis("x", ""));
        assertThat(before.parents("b")).containsExactly("a");
        assertThat(before.contains("c")).isFalse();
        assertThat(after.parents("b")).isEmpty();
        assertThat(after.definersOf("x")).containsExactly("c");
        assertThat(before.definersOf("x")).containsExactly("a");
    }

    // ---- the table's vocabulary

    static Analysis analysis(String defs, String refs) {
        return Analysis.of(words(defs), words(refs));
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    static GraphProblem multiple(List<String> names, String... others) {
        return new GraphProblem.MultipleDefinitions(names, List.of(others));
    }

    static GraphProblem cycle(String... cells) {
        return new GraphProblem.Cycle(List.of(cells));
    }

    static GraphCase graph(String name) {
        return new GraphCase(name);
    }

    /** One case: cells, edits, and expectations (only what is given is checked). */
    static final class GraphCase {
        final String name;
        final Map<String, Analysis> initial = new LinkedHashMap<>();
        final List<Map.Entry<String, Analysis>> edits = new ArrayList<>(); // null analysis: without
        final Map<String, Set<String>> parents = new LinkedHashMap<>();
        final Map<String, Set<String>> children = new LinkedHashMap<>();
        final List<Map.Entry<List<String>, Set<String>>> descendants = new ArrayList<>();
        final List<Map.Entry<List<String>, Set<String>>> ancestors = new ArrayList<>();
        final List<Map.Entry<List<String>, List<String>>> orders = new ArrayList<>();
        final List<Map.Entry<List<String>, Map<String, String>>> upstream = new ArrayList<>();
        Map<String, GraphProblem> problems;
        /** When set, the cells with a problem; {@link #problems} then lists only some of them. */
        Set<String> problemCells;

        GraphCase(String name) {
            this.name = name;
        }

        GraphCase cell(String id, String defs, String refs) {
            initial.put(id, analysis(defs, refs));
            return this;
        }

        /** c0 defines v0; each next cell reads the previous one's name and defines its own. */
        GraphCase chain(int n) {
            for (int i = 0; i < n; i++) {
                initial.put("c" + i, analysis("v" + i, i == 0 ? "" : "v" + (i - 1)));
            }
            return this;
        }

        GraphCase with(String id, String defs, String refs) {
            edits.add(new java.util.AbstractMap.SimpleEntry<>(id, analysis(defs, refs)));
            return this;
        }

        GraphCase without(String id) {
            edits.add(new java.util.AbstractMap.SimpleEntry<>(id, null));
            return this;
        }

        GraphCase parents(String id, String... expected) {
            parents.put(id, Set.of(expected));
            return this;
        }

        GraphCase children(String id, String... expected) {
            children.put(id, Set.of(expected));
            return this;
        }

        GraphCase descendants(List<String> roots, String... expected) {
            descendants.add(Map.entry(roots, Set.of(expected)));
            return this;
        }

        GraphCase ancestors(List<String> roots, String... expected) {
            ancestors.add(Map.entry(roots, Set.of(expected)));
            return this;
        }

        GraphCase order(List<String> notebookOrder, List<String> expected) {
            orders.add(Map.entry(notebookOrder, expected));
            return this;
        }

        GraphCase problem(String id, GraphProblem p) {
            if (problems == null) {
                problems = new LinkedHashMap<>();
            }
            problems.put(id, p);
            return this;
        }

        GraphCase problemCells(String... ids) {
            problemCells = Set.of(ids);
            return this;
        }

        GraphCase noProblems() {
            problems = Map.of();
            return this;
        }

        GraphCase firstUpstream(List<String> sources, Map<String, String> expected) {
            upstream.add(Map.entry(sources, expected));
            return this;
        }

        DependencyGraph incremental() {
            DependencyGraph g = DependencyGraph.of(initial);
            for (Map.Entry<String, Analysis> e : edits) {
                g = e.getValue() == null ? g.without(e.getKey()) : g.with(e.getKey(), e.getValue());
            }
            return g;
        }

        Map<String, Analysis> finalCells() {
            Map<String, Analysis> cells = new LinkedHashMap<>(initial);
            for (Map.Entry<String, Analysis> e : edits) {
                if (e.getValue() == null) {
                    cells.remove(e.getKey());
                } else {
                    cells.put(e.getKey(), e.getValue());
                }
            }
            return cells;
        }

        Set<String> removed() {
            Set<String> out = new TreeSet<>(initial.keySet());
            edits.forEach(e -> out.add(e.getKey()));
            out.removeAll(finalCells().keySet());
            return out;
        }

        void check(DependencyGraph g, String how) {
            parents.forEach((id, want) -> assertThat(g.parents(id)).as("%s: parents of %s", how, id)
                    .containsExactlyInAnyOrderElementsOf(want));
            children.forEach((id, want) -> assertThat(g.children(id)).as("%s: children of %s", how, id)
                    .containsExactlyInAnyOrderElementsOf(want));
            descendants.forEach(e -> assertThat(g.withDescendants(e.getKey())).as("%s: withDescendants(%s)", how, e.getKey())
                    .containsExactlyInAnyOrderElementsOf(e.getValue()));
            ancestors.forEach(e -> assertThat(g.withAncestors(e.getKey())).as("%s: withAncestors(%s)", how, e.getKey())
                    .containsExactlyInAnyOrderElementsOf(e.getValue()));
            orders.forEach(e -> assertThat(g.topologicalOrder(e.getKey())).as("%s: topologicalOrder(%s)", how, e.getKey())
                    .containsExactlyElementsOf(e.getValue()));
            upstream.forEach(e -> assertThat(g.firstUpstream(e.getKey())).as("%s: firstUpstream(%s)", how, e.getKey())
                    .isEqualTo(e.getValue()));
            if (problemCells != null) {
                assertThat(g.problems()).as("%s: problems", how).containsOnlyKeys(problemCells)
                        .containsAllEntriesOf(problems);
            } else if (problems != null) {
                assertThat(g.problems()).as("%s: problems", how).isEqualTo(problems);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
