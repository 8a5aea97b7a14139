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
        assertThat(GraphicsProbe.choose(null, "/tmp/tmux-1000/default,1234,0", replies("\u001b_Gi=31;OK\u001b\\\u001b[?62c")))
                .isEqualTo(Graphics.BLOCKS);
        assertThat(asked).hasValue(0);
    }

    @Test
    void cellarGraphicsForcesAProtocolInsideTmux() {
        assertThat(GraphicsProbe.choose("kitty", "/tmp/tmux-1000/default,1234,0", replies(""))).isEqualTo(Graphics.KITTY);
        assertThat(GraphicsProbe.choose("sixel", null, replies(""))).isEqualTo(Graphics.SIXEL);
        assertThat(asked).hasValue(0);
    }

    @Test
    void outsideTmuxTheTerminalIsAskedAndOneThatCannotBeGetsHalfBlocks() {
        assertThat(GraphicsProbe.choose(null, "", replies("\u001bP>|iTerm2 3.5.0\u001b\\\u001b[?62;4c"))).isEqualTo(Graphics.ITERM);
        assertThat(GraphicsProbe.choose(null, null, replies(null))).isEqualTo(Graphics.BLOCKS);
        assertThat(asked).hasValue(2);
    }
}
