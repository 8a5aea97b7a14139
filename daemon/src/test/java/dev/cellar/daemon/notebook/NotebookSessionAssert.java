package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;

final class NotebookSessionAssert {
    private NotebookSessionAssert() {
    }

    static void ok(NotebookSnapshot snapshot) {
        assertThat(snapshot.cells()).extracting(CellInfo::status).containsOnly(CellStatus.OK);
    }
}
