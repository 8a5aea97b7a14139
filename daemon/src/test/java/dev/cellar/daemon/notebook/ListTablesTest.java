package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.SqlCellsTest.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.sql.Catalog;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list_tables tool's command: the connection's own catalog, read on the kernel thread. */
@org.junit.jupiter.api.Timeout(120)
class ListTablesTest {
    @TempDir
    Path dir;

    @Test
    void theTablesAndViewsSqlCellsMadeAreListedAndOneTablesColumnsOnRequest() throws Exception {
        Path file = dir.resolve("shop.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        try (TestNotebook nb = new TestNotebook(file)) {
            String make = sql(nb, "CREATE TABLE sales AS SELECT 1 AS id, 'north' AS region, 9.5 AS amount;\n"
                    + "CREATE VIEW big_sales AS SELECT * FROM sales WHERE amount > 5", null);
            assertThat(nb.runAndWait(make).cells().getFirst().status()).isEqualTo(CellStatus.OK);

            Catalog.Listing all = nb.call(new Command.ListTables(null, null));
            assertThat(all.database()).startsWith("DuckDB");
            assertThat(all.tables()).extracting(Catalog.Table::name).contains("sales", "big_sales");
            assertThat(all.tables()).allSatisfy(t -> assertThat(t.columns()).isEmpty());
            assertThat(all.truncated()).isFalse();

            Catalog.Listing one = nb.call(new Command.ListTables(null, "sales"));
            assertThat(one.tables()).singleElement().satisfies(t -> assertThat(t.columns())
                    .extracting(Catalog.Column::name).containsExactly("id", "region", "amount"));
            assertThat(nb.call(new Command.ListTables(null, "sale_")).tables())
                    .as("a name is taken literally, not as a LIKE pattern").isEmpty();
        }
    }

    @Test
    void aKernelThatRefusesCellsRefusesTheListingToo() throws Exception {
        Path file = dir.resolve("nopython.py");
        Files.writeString(file, "# cellar: python=" + dir.resolve("no-such-python") + "\n");
        try (TestNotebook nb = new TestNotebook(file)) {
            assertThatThrownBy(() -> nb.call(new Command.ListTables(null, null)))
                    .satisfies(e -> assertThat(e instanceof CompletionException ? e.getCause() : e)
                            .isInstanceOf(RpcException.class).hasMessageContaining("cannot list the tables")
                            .hasMessageContaining("python="));
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedSaysWhy() throws Exception {
        Path file = dir.resolve("nowhere.py");
        Files.writeString(file, "# cellar: sql=jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2\n");
        try (TestNotebook nb = new TestNotebook(file)) {
            assertThatThrownBy(() -> nb.call(new Command.ListTables(null, null)))
                    .satisfies(e -> assertThat(e instanceof CompletionException ? e.getCause() : e)
                            .isInstanceOf(RpcException.class).hasMessageContaining("cannot list the tables"));
        }
    }
}
