package dev.cellar.tui.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which pictures a terminal gets, from its answers to the queries (recorded from real terminals' formats). */
class GraphicsTest {

    @Test
    void kittyAnswersItsGraphicsQuery() {
        assertThat(Graphics.fromReplies("\u001b_Gi=31;OK\u001b\\\u001bP>|kitty(0.35.2)\u001b\\\u001b[?62;c"))
                .isEqualTo(Graphics.KITTY);
    }

    @Test
    void iTermAndWezTermAreNamedByXtversion() {
        assertThat(Graphics.fromReplies("\u001bP>|iTerm2 3.5.0\u001b\\\u001b[?62;4c")).isEqualTo(Graphics.ITERM);
        assertThat(Graphics.fromReplies("\u001bP>|WezTerm 20240203\u001b\\\u001b[?65;4;6;18;22c")).isEqualTo(Graphics.ITERM);
    }

    @Test
    void attribute4InDa1IsSixel() {
        assertThat(Graphics.fromReplies("\u001bP>|XTerm(390)\u001b\\\u001b[?63;1;2;4;6;9;15;16;22;28c")).isEqualTo(Graphics.SIXEL);
        assertThat(Graphics.fromReplies("\u001b[?62;40;4c")).isEqualTo(Graphics.SIXEL);
        assertThat(Graphics.fromReplies("\u001b[?62;42c")).as("42 is not 4").isEqualTo(Graphics.BLOCKS);
    }

    @Test
    void anythingElseGetsHalfBlocksAndDa1MarksTheEnd() {
        assertThat(Graphics.fromReplies("\u001b[?1;2c")).isEqualTo(Graphics.BLOCKS); // tmux
        assertThat(Graphics.fromReplies("")).isEqualTo(Graphics.BLOCKS);
        assertThat(Graphics.repliesComplete("\u001b_Gi=31;OK\u001b\\")).isFalse();
        assertThat(Graphics.repliesComplete("\u001b_Gi=31;OK\u001b\\\u001b[?62;c")).isTrue();
    }

    @Test
    void theSettingOverridesAndAMisspellingIsAClearError() {
        assertThat(Graphics.fromSetting("Sixel")).isEqualTo(Graphics.SIXEL);
        assertThat(Graphics.fromSetting("")).isNull();
        assertThatThrownBy(() -> Graphics.fromSetting("kity")).hasMessage(
                "CELLAR_GRAPHICS=kity is not one of kitty, iterm, sixel, blocks, none");
    }
}
