package dev.cellar.tui.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.CellKind;
import org.junit.jupiter.api.Test;

class CellMagicTest {

    @Test
    void percentSqlAsTheFirstLineMakesAnSqlCellAndMayNameItsResult() {
        assertThat(CellMagic.parse("%%sql\nSELECT 1")).isEqualTo(new CellMagic(CellKind.SQL, null, "SELECT 1"));
        assertThat(CellMagic.parse("%%sql big <<\nSELECT * FROM t")).isEqualTo(new CellMagic(CellKind.SQL, "big",
                "SELECT * FROM t"));
        assertThat(CellMagic.parse("%%md\n# Title")).isEqualTo(new CellMagic(CellKind.MARKDOWN, null, "# Title"));
        assertThat(CellMagic.parse("%%python")).isEqualTo(new CellMagic(CellKind.PYTHON, null, ""));
    }

    @Test
    void anythingElseIsCodeAsTyped() {
        assertThat(CellMagic.parse("x = 1\n%%sql")).isNull();
        assertThat(CellMagic.parse("%%sqlite\nx")).isNull();
        assertThat(CellMagic.parse("%%timeit\nx")).isNull();
    }

    @Test
    void theKindKeyCyclesThroughTheThreeKinds() {
        assertThat(CellMagic.next(CellKind.PYTHON)).isEqualTo(CellKind.SQL);
        assertThat(CellMagic.next(CellKind.SQL)).isEqualTo(CellKind.MARKDOWN);
        assertThat(CellMagic.next(CellKind.MARKDOWN)).isEqualTo(CellKind.PYTHON);
    }
}
