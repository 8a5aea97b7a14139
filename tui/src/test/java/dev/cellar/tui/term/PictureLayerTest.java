package dev.cellar.tui.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.tui.image.ITerm;
import dev.cellar.tui.image.Kitty;
import dev.cellar.tui.image.Pngs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The escapes the terminal gets for the pictures in view, frame after frame. */
class PictureLayerTest {
    private static final byte[] PNG = Pngs.stripes(8);
    private static final String B64 = Base64.getEncoder().encodeToString(PNG);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String written() {
        String s = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return s;
    }

    private static String at(int row, int col, String escape) {
        return "\u001b7\u001b[" + (row + 1) + ";" + (col + 1) + "H" + escape + "\u001b8";
    }

    @Test
    void kittySendsAPictureOnceThenMovesAndRemovesItByItsPlacementId() throws Exception {
        PictureLayer layer = new PictureLayer(Graphics.KITTY, out);
        PlacedPicture here = new PlacedPicture(B64, 6, 3, 8, 2);
        assertThat(layer.mustRepaint(List.of(here))).isFalse();
        layer.show(List.of(here), false);
        assertThat(written()).isEqualTo(at(3, 6, Kitty.transmitAndPlace(PNG, 1, 1, 8, 2)))
                .startsWith("\u001b7\u001b[4;7H\u001b_Ga=T,f=100,q=2,C=1,i=1,p=1,c=8,r=2,m=0;");

        layer.show(List.of(here), false);
        assertThat(written()).as("nothing changed: nothing sent").isEmpty();

        PlacedPicture lower = new PlacedPicture(B64, 6, 5, 8, 2);
        assertThat(layer.mustRepaint(List.of(lower))).as("kitty deletes, it needs no repaint").isFalse();
        layer.show(List.of(lower), false);
        assertThat(written()).as("moved: deleted there, placed here without sending the PNG again")
                .isEqualTo("\u001b_Ga=d,d=i,q=2,i=1,p=1\u001b\\" + at(5, 6, "\u001b_Ga=p,q=2,C=1,i=1,p=1,c=8,r=2\u001b\\"));

        layer.show(List.of(), false);
        assertThat(written()).isEqualTo("\u001b_Ga=d,d=i,q=2,i=1,p=1\u001b\\");

        layer.close();
        assertThat(written()).isEqualTo("\u001b_Ga=d,d=A,q=2\u001b\\");
    }

    @Test
    void kittyNamesTwoShowingsOfOnePictureApartAndPlacesAllAgainAfterARepaint() throws Exception {
        PictureLayer layer = new PictureLayer(Graphics.KITTY, out);
        List<PlacedPicture> twice = List.of(new PlacedPicture(B64, 6, 1, 8, 2), new PlacedPicture(B64, 6, 9, 8, 2));
        layer.show(twice, false);
        assertThat(written()).contains("i=1,p=1,", "i=1,p=2,");
        layer.show(twice, true);
        assertThat(written()).isEqualTo("\u001b_Ga=d,d=i,q=2,i=1,p=1\u001b\\\u001b_Ga=d,d=i,q=2,i=1,p=2\u001b\\"
                + at(1, 6, Kitty.place(1, 1, 8, 2)) + at(9, 6, Kitty.place(1, 2, 8, 2)));
    }

    @Test
    void kittyFreesThePicturesLeastRecentlyShownBeyondSixtyFour() throws Exception {
        PictureLayer layer = new PictureLayer(Graphics.KITTY, out);
        for (int i = 0; i < 64; i++) {
            layer.show(List.of(new PlacedPicture(Base64.getEncoder().encodeToString(Pngs.plain(2, 2, i)), 0, 0, 2, 1)), false);
        }
        assertThat(written()).doesNotContain("d=I");
        layer.show(List.of(new PlacedPicture(Base64.getEncoder().encodeToString(Pngs.plain(2, 2, 64)), 0, 0, 2, 1)), false);
        assertThat(written()).as("a re-run plot after plot does not fill the terminal's memory")
                .contains("\u001b_Ga=d,d=I,q=2,i=1\u001b\\", "i=65,p=1,");
    }

    @Test
    void iTermAsksForAWholeRepaintWhenAPictureMovesThenDrawsItFittedInItsRoom() throws Exception {
        PictureLayer layer = new PictureLayer(Graphics.ITERM, out);
        PlacedPicture here = new PlacedPicture(B64, 6, 3, 8, 2);
        layer.show(List.of(here), false);
        assertThat(written()).isEqualTo(at(3, 6, ITerm.encode(PNG, 8, 2)))
                .contains(";width=8;height=2;preserveAspectRatio=1:");
        assertThat(layer.mustRepaint(List.of(here))).isFalse();
        layer.show(List.of(here), false);
        assertThat(written()).isEmpty();

        PlacedPicture lower = new PlacedPicture(B64, 6, 4, 8, 2);
        assertThat(layer.mustRepaint(List.of(lower))).as("its pixels would stay at row 3").isTrue();
        assertThat(layer.mustRepaint(List.of())).as("scrolled away: its pixels would stay").isTrue();
        layer.show(List.of(lower), true);
        assertThat(written()).isEqualTo(at(4, 6, ITerm.encode(PNG, 8, 2)));
    }

    @Test
    void sixelIsDrawnAtItsCellNoWiderThanItsRoomAndAgainAfterARepaint() throws Exception {
        PictureLayer layer = new PictureLayer(Graphics.SIXEL, out, 10, 20);
        String big = Base64.getEncoder().encodeToString(Pngs.plain(400, 100, 0xFF0000));
        PlacedPicture p = new PlacedPicture(big, 6, 2, 20, 3);
        layer.show(List.of(p), false);
        // 20 cells of 10 px would be 200 px wide, but 3 rows of 20 px hold 60 px high: 240 x 60 would not fit, 200 x 50 does
        assertThat(written()).startsWith("\u001b7\u001b[3;7H\u001bP0;1q\"1;1;200;50#").endsWith("\u001b\\\u001b8");
        layer.show(List.of(p), true);
        assertThat(written()).as("a repaint wiped it: drawn again").startsWith("\u001b7\u001b[3;7H\u001bP0;1q");
        PictureLayer tall = new PictureLayer(Graphics.SIXEL, out, 10, 20);
        tall.show(List.of(new PlacedPicture(big, 0, 0, 74, 1)), false);
        assertThat(written()).as("one row of 20 px: 80 x 20").startsWith("\u001b7\u001b[1;1H\u001bP0;1q\"1;1;80;20#");
    }

    @Test
    void anUnreadablePictureLeavesItsRoomBlank() throws Exception {
        PictureLayer layer = new PictureLayer(Graphics.SIXEL, out);
        layer.show(List.of(new PlacedPicture("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAA", 0, 0, 2, 1)), false);
        assertThat(written()).isEmpty();
    }
}
