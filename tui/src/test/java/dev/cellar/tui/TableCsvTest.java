package dev.cellar.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.method.TableRowsParams;
import dev.cellar.protocol.model.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving a table view as CSV never replaces or writes through a file someone else put there. */
class TableCsvTest {
    @TempDir
    Path dir;

    /** 2,500 rows of (n, "v,n") in pages of the asked size. */
    private static TableRows page(TableRowsParams p) {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = p.offset(); i < Math.min(2_500, p.offset() + p.limit()); i++) {
            rows.add(List.of(i, "v," + i));
        }
        return new TableRows("h", List.of(new Output.Column("n", "int64"), new Output.Column("v", "object")), 2_500,
                2_500, p.offset(), rows);
    }

    private static TableRowsParams first() {
        return new TableRowsParams("nb1", "t1", 0, 1_000, null, false, null, "h");
    }

    @Test
    void aFileOfThatNameIsKeptAndTheViewGoesToTheNextFreeName() throws Exception {
        Path theirs = dir.resolve("demo.t1.csv");
        Files.writeString(theirs, "a person's own notes\n");

        TableCsv.Saved saved = TableCsv.write(TableCsvTest::page, first(), theirs);

        assertThat(Files.readString(theirs)).isEqualTo("a person's own notes\n");
        assertThat(saved.file()).isEqualTo(dir.resolve("demo.t1-2.csv"));
        assertThat(saved.rows()).isEqualTo(2_500);
        List<String> lines = Files.readAllLines(saved.file());
        assertThat(lines).hasSize(2_501);
        assertThat(lines.getFirst()).isEqualTo("n,v");
        assertThat(lines.getLast()).isEqualTo("2499,\"v,2499\"");
        assertThat(TableCsv.write(TableCsvTest::page, first(), theirs).file()).isEqualTo(dir.resolve("demo.t1-3.csv"));
    }

    @Test
    void aPlantedTempNameIsNeverWrittenThrough() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me\n");
        Files.createSymbolicLink(dir.resolve(".demo.t1.csv.tmp"), victim);

        TableCsv.Saved saved = TableCsv.write(TableCsvTest::page, first(), dir.resolve("demo.t1.csv"));

        assertThat(Files.readString(victim)).isEqualTo("keep me\n");
        assertThat(saved.file()).isEqualTo(dir.resolve("demo.t1.csv"));
        assertThat(Files.readAllLines(saved.file())).hasSize(2_501);
    }

    @Test
    void aFailedSaveLeavesNoFileBehind() throws Exception {
        TableCsv.Pages failing = p -> {
            if (p.offset() > 0) {
                throw new IOException("the daemon went away");
            }
            return page(p);
        };
        assertThatThrownBy(() -> TableCsv.write(failing, first(), dir.resolve("demo.t1.csv")))
                .hasMessageContaining("went away");
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
