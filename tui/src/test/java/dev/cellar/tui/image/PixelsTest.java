package dev.cellar.tui.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The fast pixel reads agree with getRGB for every layout they read directly. */
class PixelsTest {

    @Test
    void directReadsMatchGetRgbForEachLayout() {
        int[] types = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY};
        java.util.Random r = new java.util.Random(7);
        for (int type : types) {
            BufferedImage img = new BufferedImage(5, 3, type);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    img.setRGB(x, y, r.nextInt());
                }
            }
            assertThat(Pixels.argb(img)).as("type %d", type).isEqualTo(img.getRGB(0, 0, 5, 3, null, 0, 5));
        }
    }
}
