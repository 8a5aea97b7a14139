package dev.cellar.tui.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HalfBlocksTest {

    @Test
    void eachCellShowsTwoPixelsStackedUpperAsForegroundLowerAsBackground() throws Exception {
        BlockImage b = HalfBlocks.render(Pngs.stripes(3), 80, 24, 0);
        assertThat(b.cols()).isEqualTo(3);
        assertThat(b.rows()).isEqualTo(2);
        for (int c = 0; c < 3; c++) {
            assertThat(b.upperAt(c, 0)).isEqualTo(Pngs.RED);
            assertThat(b.lowerAt(c, 0)).isEqualTo(Pngs.GREEN);
            assertThat(b.upperAt(c, 1)).isEqualTo(Pngs.BLUE);
            assertThat(b.lowerAt(c, 1)).isEqualTo(Pngs.WHITE);
        }
    }

    @Test
    void aPlotShrinksToThePaneWidthKeepingItsAspectRatio() throws Exception {
        BlockImage b = HalfBlocks.render(Pngs.plain(800, 600, 0x336699), 120, 1000, 0);
        assertThat(b.cols()).isEqualTo(120);
        assertThat(b.rows()).isEqualTo(45); // 600 * 120/800 = 90 pixel rows, two per cell
        assertThat(b.upperAt(119, 44)).isEqualTo(0x336699);
        BlockImage tall = HalfBlocks.render(Pngs.plain(800, 600, 0x336699), 120, 20, 0);
        assertThat(tall.rows()).isEqualTo(20);
        assertThat(tall.cols()).isEqualTo(53); // 40 pixel rows: 800 * 40/600
    }

    @Test
    void theAnsiFormUses24BitColoursOrThe256Palette() throws Exception {
        BlockImage b = HalfBlocks.render(Pngs.stripes(1), 80, 24, 0);
        assertThat(b.toAnsi(true)).isEqualTo("\u001b[38;2;255;0;0;48;2;0;255;0m▀\u001b[0m\n"
                + "\u001b[38;2;0;0;255;48;2;255;255;255m▀\u001b[0m\n");
        // xterm palette: 196 is pure red, 46 pure green, 21 pure blue, 231 white
        assertThat(b.toAnsi(false)).isEqualTo("\u001b[38;5;196;48;5;46m▀\u001b[0m\n\u001b[38;5;21;48;5;231m▀\u001b[0m\n");
        assertThat(BlockImage.xterm256(0x808080)).isEqualTo(244);
    }

    @Test
    void bytesThatAreNotAnImageAreAClearError() {
        assertThatThrownBy(() -> HalfBlocks.render(new byte[] {1, 2, 3}, 80, 24, 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a readable PNG");
    }
}
