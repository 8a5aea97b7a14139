package dev.cellar.tui.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The escape encodings, against each protocol's documented format. */
class EncodersTest {

    @Test
    void kittySendsThePngInChunksOfAtMost4096WithOnlyTheFirstCarryingTheKeys() {
        byte[] png = Pngs.plain(300, 300, 0x123456);
        java.util.Random noise = new java.util.Random(1);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) {
                img.setRGB(x, y, noise.nextInt());
            }
        }
        png = Pngs.png(img); // incompressible: several chunks
        String out = Kitty.encode(png, 40, 20);
        Matcher m = Pattern.compile("\u001b_G([^;]*);([A-Za-z0-9+/=]*)\u001b\\\\").matcher(out);
        StringBuilder data = new StringBuilder();
        int chunks = 0;
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).as("chunks follow each other").isEqualTo(end);
            end = m.end();
            assertThat(m.group(2).length()).isLessThanOrEqualTo(4096);
            if (chunks == 0) {
                assertThat(m.group(1)).isEqualTo("a=T,f=100,q=2,c=40,r=20,m=1");
            } else {
                assertThat(m.group(1)).isIn("m=1", "m=0");
            }
            data.append(m.group(2));
            chunks++;
        }
        assertThat(end).isEqualTo(out.length());
        assertThat(chunks).isGreaterThan(2);
        assertThat(out).endsWith("\u001b\\").contains("m=0;");
        assertThat(out.indexOf("m=0;")).as("only the last chunk ends it").isGreaterThan(out.lastIndexOf("m=1;"));
        assertThat(Base64.getDecoder().decode(data.toString())).isEqualTo(png);
    }

    @Test
    void iTermSendsTheFileInlineWithItsSizeAndWidthInCells() {
        byte[] png = Pngs.stripes(2);
        String out = ITerm.encode(png, 30);
        assertThat(out).isEqualTo("\u001b]1337;File=inline=1;size=" + png.length + ";width=30;preserveAspectRatio=1:"
                + Base64.getEncoder().encodeToString(png) + "\u0007");
    }

    @Test
    void sixelOfAKnownImageIsExactly() throws Exception {
        // 2 x 4: rows red, green, blue, white (cube registers 180, 30, 5, 215)
        var img = ImageIO.read(new java.io.ByteArrayInputStream(Pngs.stripes(2)));
        String out = Sixel.encode(img, 100);
        assertThat(out).isEqualTo("\u001bP0;1q\"1;1;2;4"
                + "#5;2;0;0;100#30;2;0;100;0#180;2;100;0;0#215;2;100;100;100"
                // one band: per colour a character per column, 63 + its bits (top row bit 0): red 1 '@', green 2 'A',
                // blue 4 'C', white 8 'G'; $ back to the band's start before the next colour
                + "#5CC$#30AA$#180@@$#215GG"
                + "\u001b\\");
    }

    @Test
    void sixelRepeatsRunsAndStartsANewBandEverySixRows() throws Exception {
        var img = ImageIO.read(new java.io.ByteArrayInputStream(Pngs.plain(10, 7, 0xFF0000)));
        assertThat(Sixel.encode(img, 100)).isEqualTo("\u001bP0;1q\"1;1;10;7#180;2;100;0;0#180!10~-#180!10@\u001b\\");
    }

    @Test
    void sixelShrinksToTheWidthAskedKeepingTheAspect() throws Exception {
        var img = ImageIO.read(new java.io.ByteArrayInputStream(Pngs.plain(800, 600, 0xFFFFFF)));
        assertThat(Sixel.encode(img, 400)).startsWith("\u001bP0;1q\"1;1;400;300#");
    }
}
