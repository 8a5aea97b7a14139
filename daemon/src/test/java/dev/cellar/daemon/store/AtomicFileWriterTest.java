package dev.cellar.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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

    @Test
    void aReplacedFileKeepsItsMode() throws IOException {
        for (String mode : new String[] {"rw-r--r--", "rw-rw-r--", "rw-------", "rwxr-x---"}) {
            Path file = dir.resolve("kept.py");
            Files.writeString(file, "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            new AtomicFileWriter().write(file, "new".getBytes(StandardCharsets.UTF_8));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(mode);
        }
    }

    @Test
    void aNewFileGetsTheModeTheUmaskGivesAndAPrivateWriterKeepsItToItsOwner() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        Path created = dir.resolve("created.py");
        new AtomicFileWriter().write(created, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.getPosixFilePermissions(created)).isEqualTo(Files.getPosixFilePermissions(reference));

        Path secret = dir.resolve("secret.json");
        AtomicFileWriter.privateFiles().write(secret, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aReplacedFileKeepsItsOwnerAndGroupWhereTheSaverMaySetThem() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root may give a file away");
        Path file = dir.resolve("shared.py");
        Files.writeString(file, "old");
        UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("nobody"));
        view.setGroup(users.lookupPrincipalByGroupName("daemon"));
        new AtomicFileWriter().write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(view.readAttributes().owner().getName()).isEqualTo("nobody");
        assertThat(view.readAttributes().group().getName()).isEqualTo("daemon");
    }
}
