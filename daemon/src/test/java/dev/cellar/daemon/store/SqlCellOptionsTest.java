package dev.cellar.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.model.SqlCellOptions;
import dev.cellar.daemon.model.Settings;
import dev.cellar.protocol.model.CellKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An SQL cell's conn= and cache= on its marker line, and the header's conns=, as the percent format reads and writes them. */
class SqlCellOptionsTest {
    private static final String FILE = """
            # cellar: conns=@warehouse,@pg

            # %% [sql] id="q1" out="orders" conn="@warehouse" cache="on"
            # SELECT * FROM orders

            # %% Totals [sql] {"id": "q2", "conn": "duckdb"}
            # SELECT sum(amount) FROM orders

            # %% [sql] id="q3"
            # SELECT 1
            """;

    @Test
    void connAndCacheReadFromTheMarkerLineAndTheFileRoundTripsByteForByte() {
        StoredNotebook nb = PercentFormat.parse(FILE);
        assertThat(nb.settings().conns()).containsExactly("@warehouse", "@pg");
        List<StoredCell> cells = nb.cells();
        assertThat(SqlCellOptions.of(cells.get(0).markerExtra())).isEqualTo(new SqlCellOptions("@warehouse", true));
        assertThat(cells.get(0).out()).isEqualTo("orders");
        assertThat(SqlCellOptions.of(cells.get(1).markerExtra())).as("Jupytext's JSON metadata form")
                .isEqualTo(new SqlCellOptions("duckdb", false));
        assertThat(SqlCellOptions.of(cells.get(2).markerExtra())).isEqualTo(SqlCellOptions.NONE);
        assertThat(PercentFormat.format(nb)).isEqualTo(FILE);
    }

    @Test
    void aConnWrittenInsideAnotherKeysValueIsNotTheCellsConnection() {
        assertThat(SqlCellOptions.of("title=\"x conn=@b cache=on\" id=\"q\"")).isEqualTo(SqlCellOptions.NONE);
        assertThat(SqlCellOptions.of("tags=[\"a conn=@b\"] conn=\"@a\"")).isEqualTo(new SqlCellOptions("@a", false));
        assertThat(SqlCellOptions.of("{\"title\": \"conn=@b\", \"cache\": true}")).isEqualTo(new SqlCellOptions(null, true));
        assertThat(SqlCellOptions.of("{\"note\": \"\\\"conn\\\": \\\"@b\\\"\"}")).isEqualTo(SqlCellOptions.NONE);
    }

    @Test
    void anEditedCellKeepsItsConnAndANewCellGetsItInJupytextsForm() {
        StoredNotebook nb = PercentFormat.parse(FILE);
        StoredCell q1 = nb.cells().getFirst();
        StoredCell edited = new StoredCell(q1.id(), CellKind.SQL, "SELECT id FROM orders", "ids", q1.markerExtra(), q1.file());
        String made = new SqlCellOptions("@pg", true).appendedTo("");
        StoredCell fresh = new StoredCell("q4", CellKind.SQL, "SELECT 2", null, made);
        String text = PercentFormat.format(new StoredNotebook(nb.header(), nb.settings(), List.of(edited, fresh), List.of()));
        assertThat(text).contains("# %% [sql] id=\"q1\" out=\"ids\" conn=\"@warehouse\" cache=\"on\"\n# SELECT id FROM orders",
                "# %% [sql] id=\"q4\" conn=\"@pg\" cache=\"on\"\n# SELECT 2");
        StoredNotebook back = PercentFormat.parse(text);
        assertThat(SqlCellOptions.of(back.cells().get(1).markerExtra())).isEqualTo(new SqlCellOptions("@pg", true));
    }

    @Test
    void connAndCacheAreMetadataJupytextReads() {
        for (String line : PercentFormat.format(PercentFormat.parse(FILE)).lines().filter(JupytextReader::isStart).toList()) {
            JupytextReader.Header h = JupytextReader.read(line);
            assertThat(h.wellFormed()).as(line).isTrue();
            assertThat(h.cellType()).as(line).isEqualTo("code");
        }
        JupytextReader.Header q1 = JupytextReader.read("# %% [sql] id=\"q1\" out=\"orders\" conn=\"@warehouse\" cache=\"on\"");
        assertThat(q1.metadata()).containsEntry("conn", "@warehouse").containsEntry("cache", "on").containsEntry("out", "orders");
    }

    @Test
    void theHeadersConnsAddUpAndLeaveOutWhatIsNotANamedConnection() {
        List<String> problems = new ArrayList<>();
        Settings s = PercentFormat.settingsIn("# cellar: conns=@a,warehouse\n# cellar: conns=@b,@a\n", problems);
        assertThat(s.conns()).containsExactly("@a", "@b");
        assertThat(problems).singleElement().asString().contains("'warehouse' is not a named connection (@NAME)");
    }
}
