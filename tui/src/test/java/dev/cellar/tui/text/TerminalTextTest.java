package dev.cellar.tui.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.tui.text.TerminalText.Indexed;
import dev.cellar.tui.text.TerminalText.Rgb;
import dev.cellar.tui.text.TerminalText.Run;
import dev.cellar.tui.text.TerminalText.Style;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TerminalTextTest {
    private static final String E = "\u001b";

    /** Sequence in, what shows (plain) out: nothing a terminal would act on survives. */
    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("SGR colour dropped from plain text", E + "[31mred" + E + "[0m normal", "red normal"),
                Arguments.of("erase screen shown", "a" + E + "[2Jb", "a␛[2Jb"),
                Arguments.of("cursor home shown", E + "[H" + "x", "␛[Hx"),
                Arguments.of("private mode shown", E + "[?1049h", "␛[?1049h"),
                Arguments.of("erase in line dropped", "50%" + E + "[K", "50%"),
                Arguments.of("OSC 0 title, BEL", E + "]0;pwned" + "\u0007after", "␛]0…after"),
                Arguments.of("OSC 52 clipboard, ST", E + "]52;c;aGVsbG8=" + E + "\\after", "␛]52…after"),
                Arguments.of("OSC 52, C1 ST", E + "]52;c;aGVsbG8=\u009cafter", "␛]52…after"),
                Arguments.of("OSC 8 link keeps its text", E + "]8;;https://x.example" + E + "\\link" + E + "]8;;" + E + "\\ end",
                        "link end"),
                Arguments.of("OSC of no number", E + "]title\u0007x", "␛]…x"),
                Arguments.of("OSC never ended shows the rest", E + "]0;title and more", "␛]0;title and more"),
                Arguments.of("DCS", E + "Pq#0;2;0;0;0" + E + "\\x", "␛P…x"),
                Arguments.of("APC (kitty graphics)", E + "_Ga=T;AAAA" + E + "\\x", "␛_…x"),
                Arguments.of("SOS and PM", E + "Xhidden" + E + "\\" + E + "^hidden" + E + "\\x", "␛X…␛^…x"),
                Arguments.of("reset ESC c", E + "cx", "␛cx"),
                Arguments.of("charset ESC ( 0", E + "(0x", "␛(0x"),
                Arguments.of("lone ESC at the end", "x" + E, "x␛"),
                Arguments.of("ESC then a control", E + "\u0007x", "␛␇x"),
                Arguments.of("broken CSI", E + "[12\u0007x", "␛[12␇x"),
                Arguments.of("bell, backspace, NUL, DEL", "a\u0007b\bc\u0000d\u007f", "a␇b␈c␀d␡"),
                Arguments.of("C1 CSI", "\u009b2Jx", "␛[2Jx"),
                Arguments.of("C1 OSC", "\u009d0;t\u0007x", "␛]0…x"),
                Arguments.of("C1 NEL shown", "a\u0085b", "a␛Eb"),
                Arguments.of("C1 DCS", "\u0090q\u009cx", "␛P…x"),
                Arguments.of("carriage return: last state of a line", "10%\r50%\r100%\nnext", "100%\nnext"),
                Arguments.of("carriage return at a line's end", "done\r\nnext\r", "done\nnext"),
                Arguments.of("tab and newline kept", "a\tb\nc", "a\tb\nc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void everySequenceIsShownOrDroppedNeverPassed(String what, String in, String shown) {
        String plain = TerminalText.plain(in);
        assertThat(plain).as(what).isEqualTo(shown);
        assertThat(plain.chars().filter(c -> c != '\n' && c != '\t').noneMatch(c -> TerminalText.isControl((char) c)))
                .as(what + ": no control left").isTrue();
        String ansi = TerminalText.ansi(in);
        assertThat(ansi.replaceAll("\u001b\\[[0-9;]*m", "")).as(what + ": only SGR in the coloured form").isEqualTo(shown);
    }

    @Test
    void everyControlCharacterIsVisible() {
        for (char c = 0; c <= 0x9f; c++) {
            if (TerminalText.isControl(c) && c != '\n' && c != '\t' && c != '\r') {
                String out = TerminalText.ansi("<" + c + ">");
                assertThat(out.chars().noneMatch(ch -> TerminalText.isControl((char) ch)))
                        .as("U+%04X", (int) c).isTrue();
                assertThat(out).as("U+%04X", (int) c).startsWith("<").hasSizeGreaterThan(2);
            }
        }
        assertThat(TerminalText.visible("a\nb\tc" + E + "[2J\u009b")).isEqualTo("a␊b␉c␛[2J␛[");
    }

    @Test
    void sgrBecomesStyledRuns() {
        List<List<Run>> lines = TerminalText.lines(E + "[1;31mred" + E + "[22;4m u" + E + "[0m plain" + E + "[38;5;208m o"
                + E + "[38;2;1;2;3;48;5;17m t" + E + "[39;49;3;7m iv" + E + "[m");
        Style red = Style.PLAIN.fg(new Indexed(1)).flags(true, false, false, false);
        assertThat(lines).containsExactly(List.of(
                new Run("red", red),
                new Run(" u", red.flags(false, false, true, false)),
                new Run(" plain", Style.PLAIN),
                new Run(" o", Style.PLAIN.fg(new Indexed(208))),
                new Run(" t", Style.PLAIN.fg(new Rgb(1, 2, 3)).bg(new Indexed(17))),
                new Run(" iv", Style.PLAIN.flags(false, true, false, true))));
    }

    @Test
    void brightColoursColonFormsAndAStyleCarriedOverLines() {
        List<List<Run>> lines = TerminalText.lines(E + "[92;104mbright\n" + E + "[38:2::10:20:30mcolon" + E + "[4:3mcurly");
        Style bright = Style.PLAIN.fg(new Indexed(10)).bg(new Indexed(12));
        assertThat(lines.get(0)).containsExactly(new Run("bright", bright));
        assertThat(lines.get(1)).containsExactly(new Run("colon", bright.fg(new Rgb(10, 20, 30))),
                new Run("curly", bright.fg(new Rgb(10, 20, 30)).flags(false, false, true, false)));
    }

    @Test
    void theColouredFormWritesItsOwnSgrAndResetsEachLine() {
        assertThat(TerminalText.ansi(E + "[31mred\nstill" + E + "[0m no"))
                .isEqualTo(E + "[0;31mred" + E + "[0m\n" + E + "[0;31mstill" + E + "[0m no");
        assertThat(TerminalText.ansi(E + "[38;5;200;48;2;1;2;3mx")).isEqualTo(E + "[0;38;5;200;48;2;1;2;3mx" + E + "[0m");
        assertThat(TerminalText.ansi(E + "[38;5;999;1mx")).as("an index out of range is ignored").isEqualTo(E + "[0;1mx" + E + "[0m");
    }

    @Test
    void tabsExpandToStopsOfEight() {
        assertThat(TerminalText.expandTabs(List.of(new Run("ab\tc", Style.PLAIN), new Run("\td", Style.PLAIN))))
                .containsExactly(new Run("ab      c", Style.PLAIN), new Run("       d", Style.PLAIN));
    }
}
