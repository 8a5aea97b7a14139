package dev.cellar.tui.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's key table and the {@code ?} help are the keymap's, so they cannot drift from what the keys do. */
class KeyTableTest {
    static final String BEGIN = "<!-- keys: from tui's Keymap; KeyTableTest fails (and prints it) when this differs -->";
    static final String END = "<!-- /keys -->";

    @Test
    void theReadmeKeyTableIsTheKeymaps() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md holds the key table between its markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String table = readme.substring(begin + BEGIN.length(), end).strip() + "\n";
        String expected = Keymap.markdown();
        assertThat(table).as("README.md's key table differs from the keymap; the keymap's table is:%n%n%s", expected)
                .isEqualTo(expected);
    }

    @Test
    void everyLineOfTheHelpFitsIn80Columns() {
        // the help is drawn from column 2 and keeps one column free at the right edge
        assertThat(Keymap.helpLines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(77));
    }

    @Test
    void everyRowNamesItsKeysAndSaysWhatTheyDo() {
        assertThat(Keymap.bindings()).allSatisfy(b -> {
            assertThat(b.keys()).isNotEmpty();
            assertThat(b.help()).isNotBlank();
            assertThat(b.footerKeys()).isBetween(1, b.keys().size());
        });
    }
}
