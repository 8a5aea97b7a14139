package dev.cellar.daemon.store;

import dev.cellar.daemon.notebook.Settings;
import java.util.List;

/** A notebook file's content: the header kept verbatim, the settings read from it, the cells. */
public record StoredNotebook(String header, Settings settings, List<StoredCell> cells) {
    public StoredNotebook {
        cells = List.copyOf(cells);
    }
}
