package dev.cellar.tui.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What the UI draws pictures with: the setting, tmux, the terminal's replies, in that order. */
class GraphicsProbeTest {
    private final AtomicInteger asked = new AtomicInteger();

    private Supplier<String> replies(String answer) {
        return () -> {
            asked.incrementAndGet();
            return answer;
        };
    }

    @Test
    void insideTmuxItIsHalfBlocksWithoutAskingEvenWhenTheOuterTerminalIsKitty() {
        assertThat(GraphicsProbe.choose(null, "/tmp/tmux-1000/default,1234,0", replies("\u001b_Gi=31;OK\u001b\\\u001b[?62c")).graphics())
                .isEqualTo(Graphics.BLOCKS);
        assertThat(asked).hasValue(0);
    }

    @Test
    void cellarGraphicsForcesAProtocolInsideTmux() {
        assertThat(GraphicsProbe.choose("kitty", "/tmp/tmux-1000/default,1234,0", replies("")).graphics()).isEqualTo(Graphics.KITTY);
        assertThat(GraphicsProbe.choose("sixel", null, replies("")).graphics()).isEqualTo(Graphics.SIXEL);
        assertThat(asked).hasValue(0);
    }

    @Test
    void outsideTmuxTheTerminalIsAskedAndOneThatCannotBeGetsHalfBlocks() {
        assertThat(GraphicsProbe.choose(null, "", replies("\u001bP>|iTerm2 3.5.0\u001b\\\u001b[?62;4c")).graphics()).isEqualTo(Graphics.ITERM);
        assertThat(GraphicsProbe.choose(null, null, replies(null)).graphics()).isEqualTo(Graphics.BLOCKS);
        assertThat(asked).hasValue(2);
    }

    @Test
    void theCellSizeTheTerminalReportsSizesSixelAndA10x20CellIsAssumedOtherwise() {
        // foot: DA1 with 4, and XTWINOPS 16 answered as ESC [ 6 ; height ; width t
        assertThat(GraphicsProbe.choose(null, null, replies("\u001bP>|foot(1.16.2)\u001b\\\u001b[6;17;8t\u001b[?62;4;22c")))
                .isEqualTo(new GraphicsProbe.Found(Graphics.SIXEL, 8, 17));
        assertThat(GraphicsProbe.choose(null, null, replies("\u001b[?63;1;2;4c")))
                .isEqualTo(new GraphicsProbe.Found(Graphics.SIXEL, 10, 20));
        assertThat(Graphics.cellSize("\u001b[6;0;0t")).as("a terminal that does not know").isNull();
    }
}
