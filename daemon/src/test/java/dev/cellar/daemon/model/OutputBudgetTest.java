package dev.cellar.daemon.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.model.Cell;
import dev.cellar.protocol.model.Output;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutputBudgetTest {
    private static String text(List<Output> outputs) {
        return outputs.stream().map(o -> ((Output.Stream) o).text()).collect(Collectors.joining());
    }

    @Test
    void outputWithinTheLimitIsKeptWholeAndMergedPerStream() {
        OutputBudget b = new OutputBudget(1000, List.of());
        assertThat(b.append("stdout", "a\n")).isEqualTo("a\n");
        b.append("stdout", "b\n");
        b.append("stderr", "oops\n");
        b.append("stdout", "c\n");
        assertThat(b.outputs()).containsExactly(new Output.Stream("stdout", "a\nb\n"),
                new Output.Stream("stderr", "oops\n"), new Output.Stream("stdout", "c\n"));
        assertThat(b.truncated()).isFalse();
    }

    @Test
    void beyondTheLimitTheFirstAndLastPartsAreKeptWithAMarkerSayingHowMuchWasDropped() {
        OutputBudget b = new OutputBudget(2000, List.of());
        for (int i = 0; i < 10_000; i++) {
            b.append("stdout", String.format("line %05d%s%n", i, "x".repeat(89))); // 100 bytes a line
        }
        String all = text(b.outputs());
        assertThat(all).startsWith("line 00000").endsWith("line 09999" + "x".repeat(89) + "\n");
        assertThat(all).contains("\n… 998.0 KB of output dropped …\n");
        assertThat(all.length()).isLessThan(2000 + 100);
        assertThat(b.truncated()).isTrue();
    }

    @Test
    void oneHugeWriteKeepsItsStartAndItsEnd() {
        OutputBudget b = new OutputBudget(1000, List.of());
        String kept = b.append("stdout", "s" + "m".repeat(10_000_000) + "e");
        assertThat(kept).hasSize(500);
        String all = text(b.outputs());
        assertThat(all).startsWith("sm").endsWith("me").contains("… 10.0 MB of output dropped …");
    }

    @Test
    void surrogatePairsAreNeverCutInHalf() {
        OutputBudget b = new OutputBudget(11, List.of());
        b.append("stdout", "😀".repeat(1000));
        String all = text(b.outputs());
        assertThat(all.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF).count()).isZero();
        assertThat(all).startsWith("😀").endsWith("😀");
    }

    @Test
    void appendingTakesTimeProportionalToTheTextNotToWhatIsHeld() {
        // 200 MB in 1 KB chunks: quadratic copying would take minutes, linear takes well under one
        OutputBudget b = new OutputBudget(8L << 20, List.of());
        String chunk = "z".repeat(1023) + "\n";
        long start = System.nanoTime();
        for (int i = 0; i < 200_000; i++) {
            b.append(i % 2 == 0 ? "stdout" : "stderr", chunk);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("loose bound: quadratic would be ~100x this").isLessThan(30_000);
        assertThat(text(b.outputs()).length()).isLessThan((8 << 20) + 100);
    }

    @Test
    void aCellsOversizedDisplayValueIsShortenedLikeAStream() {
        Cell cell = Cell.fresh("c1", dev.cellar.protocol.model.CellKind.PYTHON, "'x' * 10**6", null, "",
                dev.cellar.daemon.analysis.Analysis.EMPTY, null).withOutputs(List.of(new Output.Text("x".repeat(1_000_000))));
        Output.Text shown = (Output.Text) cell.bounded(10_000).outputs().getFirst();
        assertThat(shown.text()).hasSizeLessThan(10_100).contains("of output dropped");
    }

    @Test
    void boundedOutputsAreNotCutAgainSoTheMarkerKeepsItsCount() {
        OutputBudget b = new OutputBudget(10_000, List.of());
        b.append("stdout", "x".repeat(5_000_000));
        List<Output> outputs = new java.util.ArrayList<>(b.outputs());
        outputs.add(new Output.Text("<DataFrame " + "r".repeat(3_000) + ">")); // the cell's display value
        Cell cell = Cell.fresh("c1", dev.cellar.protocol.model.CellKind.PYTHON, "", null, "",
                dev.cellar.daemon.analysis.Analysis.EMPTY, null).withOutputs(outputs);
        assertThat(cell.bounded(10_000).outputs()).isEqualTo(outputs);
        assertThat(((Output.Stream) outputs.getFirst()).text()).contains("… 5.0 MB of output dropped …");
    }
}
