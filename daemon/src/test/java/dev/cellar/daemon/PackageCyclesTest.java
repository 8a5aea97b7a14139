package dev.cellar.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The daemon's feature packages import each other in one direction only (docs/ARCHITECTURE.md
 * §1): no knot, a group of packages that reach each other through their imports, so each
 * package can be read, tested and changed with only the ones below it in mind.
 */
class PackageCyclesTest {
    @Test
    void noTwoFeaturePackagesReachEachOther() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cellar.daemon");
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = feature(c.getPackageName());
            uses.computeIfAbsent(from, k -> new TreeSet<>());
            c.getDirectDependenciesFromSelf().forEach(d -> {
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith("dev.cellar.daemon") && !feature(to).equals(from)) {
                    uses.get(from).add(feature(to));
                }
            });
        }
        assertThat(uses).as("feature packages found").containsKeys("model", "notebook", "graph", "trust", "kernel");
        Set<String> knots = knots(uses);
        assertThat(knots).as("groups of packages that import each other (package → packages it imports: %s)", uses)
                .isEmpty();
    }

    @Test
    void theGraphAndTheTrustRecordsDependOnNoOtherFeature() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cellar.daemon.graph", "dev.cellar.daemon.trust");
        for (JavaClass c : classes) {
            Set<String> reached = c.getDirectDependenciesFromSelf().stream()
                    .map(d -> d.getTargetClass().getPackageName())
                    .filter(p -> p.startsWith("dev.cellar.daemon") && !feature(p).equals(feature(c.getPackageName())))
                    .map(PackageCyclesTest::feature).collect(Collectors.toCollection(TreeSet::new));
            // the graph reads analysed names, nothing else of the daemon
            Set<String> allowed = feature(c.getPackageName()).equals("graph") ? Set.of("analysis") : Set.of();
            assertThat(reached).as(c.getName()).isSubsetOf(allowed);
        }
    }

    /** dev.cellar.daemon.kernel.worker → kernel; dev.cellar.daemon → (root). */
    private static String feature(String pkg) {
        String rest = pkg.equals("dev.cellar.daemon") ? "" : pkg.substring("dev.cellar.daemon.".length());
        return rest.isEmpty() ? "(root)" : rest.split("\\.", 2)[0];
    }

    /** The strongly connected groups of more than one package (Tarjan), each as a sorted, space-separated list. */
    private static Set<String> knots(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        Set<String> knots = new TreeSet<>();
        int[] counter = {0};
        for (String v : uses.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, uses, index, low, stack, onStack, knots, counter);
            }
        }
        return knots;
    }

    private static void strongConnect(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      Set<String> knots, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, uses, index, low, stack, onStack, knots, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                knots.add(String.join(" ", group));
            }
        }
    }
}
