package dev.cellar.tui.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.Output;
import dev.cellar.tui.term.Graphics;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What cellar show prints for an image, per terminal. */
class TerminalPictureTest {
    private static final byte[] PNG = Pngs.stripes(4);
    private static final Output.Display FIGURE = new Output.Display(Map.of(Output.Display.PLAIN, "<Figure>",
            Output.Display.PNG, Base64.getEncoder().encodeToString(PNG)));

    @Test
    void eachProtocolGetsItsEncodingAtMostTheImagesWidth() throws Exception {
        assertThat(TerminalPicture.draw(FIGURE, Graphics.BLOCKS, 80, true))
                .isEqualTo(HalfBlocks.render(PNG, 4, 8, 0).toAnsi(true));
        assertThat(TerminalPicture.draw(FIGURE, Graphics.KITTY, 80, true)).isEqualTo(Kitty.encode(PNG, 4, 2) + "\n");
        assertThat(TerminalPicture.draw(FIGURE, Graphics.ITERM, 2, true)).isEqualTo(ITerm.encode(PNG, 2) + "\n");
        assertThat(TerminalPicture.draw(FIGURE, Graphics.SIXEL, 80, true)).startsWith("\u001bP0;1q\"1;1;4;4");
    }

    @Test
    void noPictureWithoutAPngOrWithGraphicsOff() {
        assertThat(TerminalPicture.draw(FIGURE, Graphics.NONE, 80, true)).isNull();
        assertThat(TerminalPicture.draw(new Output.Display(Map.of(Output.Display.PLAIN, "x")), Graphics.BLOCKS, 80, true))
                .isNull();
    }
}
