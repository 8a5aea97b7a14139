package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderStepsTest {

    /** What a client does with the events: the list it ends with. */
    private static List<String> replay(List<String> before, List<OrderSteps.Step> steps) {
        List<String> list = new ArrayList<>(before);
        for (OrderSteps.Step step : steps) {
            switch (step) {
                case OrderSteps.Delete d -> assertThat(list.remove(d.cellId())).isTrue();
                case OrderSteps.Create c -> list.add(c.index(), c.cellId());
                case OrderSteps.Move m -> {
                    assertThat(list.remove(m.cellId())).isTrue();
                    list.add(m.index(), m.cellId());
                }
            }
        }
        return list;
    }

    @Test
    void aSingleMoveIsOneStepNamingTheMovedCell() {
        List<String> before = List.of("a", "b", "c", "d");
        assertThat(OrderSteps.between(before, List.of("b", "c", "a", "d"), Set.of("a")))
                .containsExactly(new OrderSteps.Move("a", 2));
        assertThat(OrderSteps.between(before, List.of("b", "a", "c", "d"), Set.of("b")))
                .containsExactly(new OrderSteps.Move("b", 0));
        assertThat(OrderSteps.between(before, List.of("d", "a", "b", "c"), Set.of()))
                .containsExactly(new OrderSteps.Move("d", 0));
    }

    @Test
    void aMoveOntoItsOwnPlaceIsStillSaidWhenAsked() {
        assertThat(OrderSteps.between(List.of("a", "b"), List.of("a", "b"), Set.of("b")))
                .containsExactly(new OrderSteps.Move("b", 1));
        assertThat(OrderSteps.between(List.of("a", "b"), List.of("a", "b"), Set.of())).isEmpty();
    }

    @Test
    void creationsAndDeletionsAtTheirPlaces() {
        assertThat(OrderSteps.between(List.of("a", "b"), List.of("a", "n", "b"), Set.of()))
                .containsExactly(new OrderSteps.Create("n", 1));
        assertThat(OrderSteps.between(List.of("a", "b", "c"), List.of("a", "c"), Set.of()))
                .containsExactly(new OrderSteps.Delete("b"));
        assertThat(OrderSteps.between(List.of(), List.of("x", "y"), Set.of()))
                .containsExactly(new OrderSteps.Create("x", 0), new OrderSteps.Create("y", 1));
    }

    @Test
    void deletionsComeFirst() {
        List<OrderSteps.Step> steps = OrderSteps.between(List.of("a", "b", "c"), List.of("n", "c", "a"), Set.of());
        assertThat(steps.get(0)).isEqualTo(new OrderSteps.Delete("b"));
        assertThat(replay(List.of("a", "b", "c"), steps)).containsExactly("n", "c", "a");
    }

    @Test
    void anyReorderingWithAddsAndDeletesReplaysToTheNewOrderInFewSteps() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            int n = random.nextInt(12);
            List<String> before = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                before.add("c" + i);
            }
            List<String> after = new ArrayList<>(before);
            after.removeIf(id -> random.nextInt(4) == 0);
            int swaps = random.nextInt(3);
            for (int s = 0; s < swaps && after.size() > 1; s++) {
                Collections.swap(after, random.nextInt(after.size()), random.nextInt(after.size()));
            }
            int adds = random.nextInt(3);
            for (int a = 0; a < adds; a++) {
                after.add(random.nextInt(after.size() + 1), "new" + a);
            }
            List<OrderSteps.Step> steps = OrderSteps.between(before, after, Set.of());
            assertThat(replay(before, steps)).as("%s -> %s by %s", before, after, steps).isEqualTo(after);
            long moves = steps.stream().filter(s -> s instanceof OrderSteps.Move).count();
            assertThat(moves).as("%s -> %s by %s", before, after, steps).isLessThanOrEqualTo(2L * swaps);
        }
    }
}
