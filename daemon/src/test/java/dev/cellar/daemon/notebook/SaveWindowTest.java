package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.AtomicFileWriter;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window between the check before a save and the save itself: another program writes the
 * file right then (injected at the swap). The swap hands back what it wrote, so its change is
 * merged and saved with the edit, not replaced unseen. Without a watcher: the session alone.
 */
@Timeout(120)
class SaveWindowTest {
    @TempDir
    Path dir;

    @Test
    void aWriteBetweenTheCheckAndTheSwapIsMergedNotLost() throws Exception {
        Path file = dir.resolve("nb.py");
        Files.writeString(file, "# %% id=\"aa1111\"\nx = 1\n\n# %% id=\"bb2222\"\ny = 2\n");
        AtomicReference<String> intruder = new AtomicReference<>();
        AtomicFileWriter racing = new AtomicFileWriter() {
            @Override
            protected boolean exchange(Path temp, Path target) throws IOException {
                String text = intruder.getAndSet(null);
                if (text != null) {
                    Files.writeString(target, text); // another program, after the check, before the swap
                }
                boolean swapped = super.exchange(temp, target);
                assumeTrue(swapped || text == null, "this platform has no atomic swap (renameat2 on JDK 22+)");
                return swapped;
            }
        };
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("w", file, false,
                TestDaemonParts.services(new NotebookStore(racing), TestPython.GRAALPY)))) {
            intruder.set(Files.readString(file).replace("y = 2", "y = 20") + "\n# %%\nz = 3\n");

            nb.edit("aa1111", "x = 10");

            String saved = Files.readString(file);
            assertThat(saved).contains("x = 10", "y = 20", "z = 3");
            assertThat(nb.snapshot().cells()).extracting(CellInfo::code).containsExactly("x = 10", "y = 20", "z = 3");
            assertThat(nb.events).anyMatch(e -> e.type() == EventType.CELL_UPDATED && "file".equals(e.actor())
                    && "bb2222".equals(e.cellId()));
            try (var names = Files.list(dir)) {
                assertThat(names.map(p -> p.getFileName().toString())).as("no temp file left")
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }
}
