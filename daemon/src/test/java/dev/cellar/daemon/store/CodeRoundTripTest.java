package dev.cellar.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.model.Settings;
import dev.cellar.protocol.model.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever code a cell holds (users, the assistant and agents write it), saving and reopening gives it back. */
class CodeRoundTripTest {
    private static final String[] FRAGMENTS = {
        "# %%", "#%%", "# %% id=evil", "# %% [sql] id=x out=y", "# %% [markdown]", "#   %%", "#\t%% x", "%%", "% %",
        "# \\%%", "#\\\\%% id=z", "\\", "#", "# ", " ", "\t", "\n", "\n\n", "\r\n", "\r", "x = 1", "print('%%')",
        "# cellar: autorun=false", "'''", "\"\"\"", "é", "😀", "--", "{name}", "id=k3f9a2", "[sql]",
    };

    private static StoredNotebook roundTrip(StoredNotebook nb) {
        String file = PercentFormat.format(nb);
        StoredNotebook back = PercentFormat.parse(file);
        assertThat(PercentFormat.format(back)).as("saved again byte for byte").isEqualTo(file);
        return back;
    }

    private static StoredNotebook notebook(List<StoredCell> cells) {
        return new StoredNotebook("# cellar: autorun=false\n", Settings.DEFAULTS, cells);
    }

    @ParameterizedTest
    @ValueSource(strings = {"# %% id=evil", "#%%", "# %% [sql]", "# %%", "#  %% [markdown] id=m", "# \\%% already escaped"})
    void aMarkerLineInsideACellStaysInsideIt(String line) {
        for (CellKind kind : CellKind.values()) {
            String code = "before = 1\n" + line + "\nafter = 2";
            StoredNotebook back = roundTrip(notebook(List.of(new StoredCell("a1", kind, code, null, ""),
                    new StoredCell("b2", CellKind.PYTHON, "tail = 3", null, ""))));
            assertThat(back.cells()).as(kind + ": " + line).hasSize(2);
            assertThat(back.cells().getFirst().code()).isEqualTo(code);
            assertThat(back.cells().get(1).code()).isEqualTo("tail = 3");
        }
    }

    @Test
    void anyCodeOfAnyKindRoundTrips() {
        Random random = new Random(14);
        for (int round = 0; round < 3000; round++) {
            List<StoredCell> cells = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                CellKind kind = CellKind.values()[random.nextInt(CellKind.values().length)];
                cells.add(new StoredCell("c" + i, kind, randomCode(random), kind == CellKind.SQL ? "df" + i : null, ""));
            }
            StoredNotebook back = roundTrip(notebook(cells));
            assertThat(back.cells()).as("round %d: %s", round, cells).hasSize(cells.size());
            for (int i = 0; i < cells.size(); i++) {
                assertThat(back.cells().get(i).code()).as("round %d, cell %d", round, i).isEqualTo(cells.get(i).code());
                assertThat(back.cells().get(i).kind()).isEqualTo(cells.get(i).kind());
                assertThat(back.cells().get(i).id()).isEqualTo(cells.get(i).id());
            }
        }
    }

    /** Foreign lines a file may hold, which Cellar keeps as they were in cells it rewrites. */
    private static final String[] FILE_LINES = {
        "# %%time", "#%%time", "# # %%capture", "##%%x", "#text", "#", "", "  # In[3]:", "# \\%% old", "\"\"\"", "'''",
        "r\"\"\"", "x = 1", "# comment", "    # %% indented", "#  # %% spaced", "# <codecell>", "%%time", "# %pip install x",
    };

    @Test
    void aCellReadFromAForeignFileAndThenEditedSavesAndReadsBackAsItsNewCode() {
        Random random = new Random(19);
        String[] markers = {"# %%", "# %% [markdown]", "# %% [md]", "# %% [raw]", "# %% [sql] out=\"df\"", "# %% Title"};
        for (int round = 0; round < 3000; round++) {
            StringBuilder file = new StringBuilder();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                file.append(markers[random.nextInt(markers.length)]).append('\n');
                int lines = random.nextInt(5);
                for (int l = 0; l < lines; l++) {
                    file.append(FILE_LINES[random.nextInt(FILE_LINES.length)]).append('\n');
                }
                file.append('\n');
            }
            StoredNotebook read = PercentFormat.parse(file.toString());
            assertThat(PercentFormat.format(read)).as("round %d, unchanged", round).isEqualTo(file.toString());
            List<StoredCell> edited = new ArrayList<>();
            for (StoredCell c : read.cells()) {
                String code = random.nextBoolean() ? c.code() : mixed(random, c.code());
                edited.add(new StoredCell(c.id() == null ? "c" + edited.size() : c.id(), c.kind(), code, c.out(),
                        c.markerExtra(), c.file()));
            }
            StoredNotebook nb = new StoredNotebook(read.header(), read.settings(), edited);
            String saved = PercentFormat.format(nb);
            StoredNotebook back = PercentFormat.parse(saved);
            assertThat(back.cells()).as("round %d:\n%s\n---\n%s", round, file, saved).hasSize(edited.size());
            for (int i = 0; i < edited.size(); i++) {
                assertThat(back.cells().get(i).code()).as("round %d, cell %d:\n%s\n---\n%s", round, i, file, saved)
                        .isEqualTo(edited.get(i).code());
                assertThat(back.cells().get(i).kind()).isEqualTo(edited.get(i).kind());
            }
        }
    }

    /** New code made of the old code's lines and of others, in any order. */
    private static String mixed(Random random, String old) {
        List<String> pool = new ArrayList<>(List.of(old.split("\n", -1)));
        pool.addAll(List.of(FILE_LINES));
        StringBuilder code = new StringBuilder();
        int lines = random.nextInt(6);
        for (int i = 0; i < lines; i++) {
            code.append(i == 0 ? "" : "\n").append(pool.get(random.nextInt(pool.size())));
        }
        return code.toString();
    }

    private static String randomCode(Random random) {
        StringBuilder code = new StringBuilder();
        int parts = random.nextInt(8);
        for (int i = 0; i < parts; i++) {
            if (random.nextInt(3) == 0) {
                code.append('\n');
            }
            code.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return code.toString();
    }
}
