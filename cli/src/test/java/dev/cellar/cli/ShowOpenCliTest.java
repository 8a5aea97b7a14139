package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cellar show NB CELL}: one cell; with {@code --open} its picture goes to the system's viewer as a PNG file. */
class ShowOpenCliTest {
    @RegisterExtension
    static CliHarness cli = new CliHarness();

    @Test
    void aCellsPictureIsHandedToTheViewerAndOneCellIsShownAlone() throws Exception {
        Path nb = cli.dir().resolve("pic.py");
        // a 2x2 PNG made by the standard library: a value with _repr_png_ is shown as a picture
        Files.writeString(nb, """
                # %% id=pic001
                import struct, zlib
                def chunk(kind, data):
                    body = kind + data
                    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
                class Pic:
                    def _repr_png_(self):
                        raw = b"".join(b"\\x00" + b"\\xff\\x00\\x00" * 2 for _ in range(2))
                        return (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
                Pic()

                # %% id=txt002
                print("just text")
                """);
        assertThat(cli.cellar("run", "-q", nb.toString()).exit()).isZero();

        CliHarness.Result one = cli.cellar("show", nb.toString(), "txt002");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("txt002", "just text").doesNotContain("pic001");
        assertThat(cli.cellar("show", nb.toString(), "1").out()).as("a cell by its index").contains("txt002");
        assertThat(cli.cellar("show", nb.toString(), "nope").err()).contains("no cell nope");

        Path seen = cli.dir().resolve("seen.png");
        Path viewer = cli.dir().resolve("viewer.sh");
        Files.writeString(viewer, "#!/bin/sh\ncp \"$1\" '" + seen + "'\n");
        Files.setPosixFilePermissions(viewer, PosixFilePermissions.fromString("rwx------"));
        System.setProperty("cellar.viewer", viewer.toString());
        try {
            CliHarness.Result opened = cli.cellar("show", nb.toString(), "pic001", "--open");
            assertThat(opened.exit()).as(opened.err()).isZero();
            assertThat(opened.out()).containsPattern("opened .*cellar-pic001-1-.*\\.png with viewer\\.sh");
            byte[] png = Files.readAllBytes(seen);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");

            CliHarness.Result none = cli.cellar("show", nb.toString(), "txt002", "--open");
            assertThat(none.exit()).isEqualTo(ExitCode.FAILED);
            assertThat(none.err()).contains("cell txt002 has no picture to open");
        } finally {
            System.clearProperty("cellar.viewer");
        }
        CliHarness.Result noCell = cli.cellar("show", nb.toString(), "--open");
        assertThat(noCell.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noCell.err()).contains("--open needs a CELL");
    }
}
