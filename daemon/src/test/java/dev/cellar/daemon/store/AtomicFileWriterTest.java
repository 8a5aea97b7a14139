package dev.cellar.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTempFileBehind() throws IOException {
        Path file = dir.resolve("nb.py");
        Files.writeString(file, "old");
        new AtomicFileWriter().write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("new");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteOrForceLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("nb.py");
        Files.writeString(file, "old");
        AtomicFileWriter failingForce = new AtomicFileWriter() {
            @Override
            protected void force(FileChannel ch) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> failingForce.write(file, "new".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("disk full");
        assertThat(file).hasContent("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
