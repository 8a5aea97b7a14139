package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.TestPython;
import dev.cellar.protocol.rpc.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cell that prints every control and the common escapes: what show, run and the exports let through. */
class TerminalSafetyCliTest {
    @RegisterExtension
    static CliHarness cli = new CliHarness();
    private static Path nb;

    @BeforeAll
    static void notebook() throws Exception {
        String python = TestPython.fastest() == TestPython.CPYTHON ? TestPython.cpython().toString() : "graalpy";
        nb = cli.dir().resolve("escapes.py");
        Files.writeString(nb, """
                # cellar: python=%s

                # %%%% id=esc001
                E = "\\x1b"
                s = E + "]0;" + "pw" + "ned\\x07" + E + "]52;c;" + "aGVs" + "bG8=" + E + "\\\\" + E + "]8;;https://example.com" + E + "\\\\link"
                s += E + "]8;;" + E + "\\\\" + E + "Pq#0;2" + E + "\\\\" + E + "_Ga=T;AAAA" + E + "\\\\" + E + "[2J" + E + "[H"
                s += E + "c" + E + "[31mred" + E + "[0m end\\n"
                s += "c0:" + "".join(chr(c) for c in range(32) if c not in (10, 13)) + " del:\\x7f c1:"
                s += "".join(chr(c) for c in range(0x80, 0xa0))
                print(s)
                """.formatted(python), StandardCharsets.UTF_8);
    }

    /** Nothing a terminal acts on but newlines, tabs and (when asked for) the SGR Cellar writes. */
    private static void assertOnlySgr(String text) {
        String withoutSgr = text.replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(withoutSgr.chars().filter(c -> c != '\n' && c != '\t')
                .noneMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f)).as(text).isTrue();
    }

    @Test
    void runAndShowPassNoControlAndColoursOnlyWhenAsked() {
        CliHarness.Result plain = cli.cellar("run", nb.toString());
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("red end", "␛]0…", "␛]52…", "link", "␛P…", "␛_…", "␛[2J", "␛c")
                .doesNotContain("pwned", "aGVsbG8=", "\u001b");
        assertOnlySgr(plain.out());

        CliHarness.Result coloured = cli.cellar("run", "--color=always", nb.toString());
        assertThat(coloured.out()).contains("\u001b[0;31mred\u001b[0m end");
        assertOnlySgr(coloured.out());
        assertThat(cli.cellar("run", "--color=never", nb.toString()).out()).doesNotContain("\u001b");

        CliHarness.Result show = cli.cellar("show", nb.toString());
        assertThat(show.out()).contains("␛]0…", "red end").doesNotContain("\u001b", "pwned");
        assertOnlySgr(show.out());
        CliHarness.Result showColour = cli.cellar("show", "--color=always", nb.toString());
        assertThat(showColour.out()).contains("\u001b[0;31mred\u001b[0m end");
        assertOnlySgr(showColour.out());

        assertThat(cli.cellar("show", "--color=sometimes", nb.toString()).exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void exportsEscapeControlsAndTheIpynbKeepsOnlyColours() throws Exception {
        assertThat(cli.cellar("run", nb.toString()).exit()).isZero();
        Path md = cli.dir().resolve("escapes.md");
        Path html = cli.dir().resolve("escapes.html");
        Path ipynb = cli.dir().resolve("escapes.ipynb");
        assertThat(cli.cellar("export", nb.toString(), "--to", "md", "-o", md.toString()).exit()).isZero();
        assertThat(cli.cellar("export", nb.toString(), "--to", "html", "-o", html.toString()).exit()).isZero();
        assertThat(cli.cellar("export", nb.toString(), "--to", "ipynb", "-o", ipynb.toString()).exit()).isZero();
        for (Path p : new Path[] {md, html}) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            assertThat(text).as(p.toString()).contains("red end", "␛[2J").doesNotContain("\u001b", "pwned");
            assertOnlySgr(text);
        }
        JsonNode out = Json.MAPPER.readTree(ipynb.toFile()).path("cells").get(0).path("outputs").get(0);
        StringBuilder stream = new StringBuilder();
        out.path("text").forEach(l -> stream.append(l.asText()));
        assertThat(stream.toString()).contains("\u001b[0;31mred\u001b[0m end", "␛]0…").doesNotContain("pwned");
        assertOnlySgr(stream.toString());
    }
}
