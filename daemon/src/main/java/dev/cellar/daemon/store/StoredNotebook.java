package dev.cellar.daemon.store;

import dev.cellar.daemon.model.Settings;
import java.util.List;

/**
 * A notebook file's content: the header kept verbatim, the settings read from it, the cells,
 * and the problems found reading it (an invalid setting), one sentence each.
 */
public record StoredNotebook(String header, Settings settings, List<StoredCell> cells, List<String> problems) {
    public StoredNotebook {
        cells = List.copyOf(cells);
        problems = List.copyOf(problems);
    }

    public StoredNotebook(String header, Settings settings, List<StoredCell> cells) {
        this(header, settings, cells, List.of());
    }
}
