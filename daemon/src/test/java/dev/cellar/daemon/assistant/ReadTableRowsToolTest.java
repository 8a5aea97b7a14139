package dev.cellar.daemon.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.protocol.rpc.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read_table_rows: a model reads row 5,000 of a table without the whole table, and a bad page is a tool error. */
class ReadTableRowsToolTest {
    @TempDir
    Path dir;

    @Test
    void aModelReadsRowsFarPastThePreview() throws Exception {
        NotebookSession session = NotebookSession.open("t", dir.resolve("tool.py"), true,
                TestDaemonParts.services(TestPython.fastest()));
        try {
            Origin origin = new Origin("assistant", "turn1");
            Cancellation cancel = new Cancellation();
            NotebookTools.Result created = NotebookTools.call(session, origin, "create_cell",
                    "{\"code\":\"SELECT range AS n, 'v' || range AS v FROM range(10000)\",\"kind\":\"sql\","
                            + "\"afterCellId\":null,\"out\":null}", cancel);
            String cell = Json.MAPPER.readTree(created.json()).path("cellId").asText();
            NotebookTools.Result ran = NotebookTools.call(session, origin, "run_cells", "{\"cellIds\":[\"" + cell + "\"]}",
                    cancel);
            assertThat(ran.ok()).as(ran.json()).isTrue();

            NotebookTools.Result page = NotebookTools.call(session, origin, "read_table_rows", "{\"cellId\":\"" + cell
                    + "\",\"offset\":5000,\"limit\":3,\"sort\":null,\"descending\":null,\"search\":null}", cancel);
            assertThat(page.ok()).as(page.json()).isTrue();
            JsonNode rows = Json.MAPPER.readTree(page.json());
            assertThat(rows.path("totalRows").asLong()).isEqualTo(10000);
            assertThat(rows.at("/rows/0/0").asLong()).isEqualTo(5000);
            assertThat(rows.at("/rows/2/1").asText()).isEqualTo("v5002");
            assertThat(rows.at("/columns/0/name").asText()).isEqualTo("n");

            NotebookTools.Result tooMany = NotebookTools.call(session, origin, "read_table_rows", "{\"cellId\":\"" + cell
                    + "\",\"offset\":0,\"limit\":5000}", cancel);
            assertThat(tooMany.ok()).isFalse();
            assertThat(tooMany.json()).contains("limit between 1 and 200");
        } finally {
            session.close();
        }
    }
}
