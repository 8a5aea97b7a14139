package dev.cellar.tui.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Output text as a terminal would read it (ECMA-48), made safe: colours and styles (SGR,
 * {@code CSI … m}) become styled runs; everything else a terminal would act on is shown as
 * visible text or dropped, so no byte of a cell's output ever reaches a terminal as a control.
 *
 * <ul>
 * <li>C0 controls but {@code \n} and {@code \t}, and DEL: their control picture ({@code ␛}, {@code ␇}, …).</li>
 * <li>{@code \r}: the text after the last {@code \r} of a line wins (a progress bar shows its last state);
 *     {@code \r\n} is a newline, a {@code \r} at the end of a line changes nothing.</li>
 * <li>CSI other than SGR: shown ({@code ␛[2J}); erase-in-line ({@code CSI K}, the progress bar's other half) dropped.</li>
 * <li>OSC (ended by BEL or ST): the hyperlink's own escapes (OSC 8) dropped, its text kept; any other shown
 *     as a short marker ({@code ␛]52…}), its payload (a title, a clipboard) never.</li>
 * <li>DCS, SOS, PM, APC strings: a marker ({@code ␛P…}). A string or OSC never ended shows its introducer
 *     and the rest as text, so output cannot hide what follows it.</li>
 * <li>C1 controls (U+0080–U+009F), which some terminals obey in UTF-8: read as their 7-bit {@code ESC x}
 *     form (U+009B is CSI), the others shown as {@code ␛x}.</li>
 * <li>Other escapes ({@code ESC c}, {@code ESC ( B}, a lone ESC): shown.</li>
 * </ul>
 */
public final class TerminalText {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char C1_ST = 0x9c;
    /** What an escape looks like on screen. */
    public static final String ESC_PICTURE = "␛";

    private TerminalText() {
    }

    /** A colour: one of the 256 indexed colours (0–15 the ANSI ones) or 24-bit RGB. Null in a {@link Style} is the default. */
    public sealed interface Color permits Indexed, Rgb {
    }

    /** Colour {@code index} of the 256 (0–7 ANSI, 8–15 bright, then the 6x6x6 cube and the greys). */
    public record Indexed(int index) implements Color {
    }

    public record Rgb(int r, int g, int b) implements Color {
    }

    /** How a run looks; {@code fg}/{@code bg} null: the terminal's default. */
    public record Style(Color fg, Color bg, boolean bold, boolean italic, boolean underline, boolean reverse) {
        public static final Style PLAIN = new Style(null, null, false, false, false, false);

        public boolean isPlain() {
            return equals(PLAIN);
        }

        Style fg(Color c) {
            return new Style(c, bg, bold, italic, underline, reverse);
        }

        Style bg(Color c) {
            return new Style(fg, c, bold, italic, underline, reverse);
        }

        Style flags(boolean b, boolean i, boolean u, boolean r) {
            return new Style(fg, bg, b, i, u, r);
        }
    }

    /** Text in one style; it holds no control character but {@code \t}. */
    public record Run(String text, Style style) {
    }

    /** The text's lines (split at {@code \n}), each as styled runs; a style carries over to the next line as in a terminal. */
    public static List<List<Run>> lines(String text) {
        Reader r = new Reader(text);
        r.read();
        return r.finish();
    }

    /** The text with every escape and control made visible or dropped, and colours dropped: for places without colour. */
    public static String plain(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        List<List<Run>> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            for (Run run : lines.get(i)) {
                sb.append(run.text());
            }
        }
        return sb.toString();
    }

    /**
     * As {@link #plain}, but colours kept as SGR written afresh by us (never the cell's bytes): each styled
     * line starts with its style and ends with a reset, so what is printed around it keeps its own look.
     */
    public static String ansi(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        List<List<Run>> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            Style now = Style.PLAIN;
            for (Run run : lines.get(i)) {
                if (!run.style().equals(now)) {
                    sb.append(sgr(run.style()));
                    now = run.style();
                }
                sb.append(run.text());
            }
            if (!now.isPlain()) {
                sb.append(ESC).append("[0m");
            }
        }
        return sb.toString();
    }

    /** The SGR sequence that sets {@code style} from any state (it starts with a reset). */
    public static String sgr(Style style) {
        StringBuilder sb = new StringBuilder().append(ESC).append("[0");
        if (style.bold()) {
            sb.append(";1");
        }
        if (style.italic()) {
            sb.append(";3");
        }
        if (style.underline()) {
            sb.append(";4");
        }
        if (style.reverse()) {
            sb.append(";7");
        }
        colour(sb, style.fg(), 30);
        colour(sb, style.bg(), 40);
        return sb.append('m').toString();
    }

    private static void colour(StringBuilder sb, Color c, int base) {
        switch (c) {
            case null -> {
            }
            case Indexed i when i.index() < 8 -> sb.append(';').append(base + i.index());
            case Indexed i when i.index() < 16 -> sb.append(';').append(base + 60 + i.index() - 8);
            case Indexed i -> sb.append(';').append(base + 8).append(";5;").append(i.index());
            case Rgb rgb -> sb.append(';').append(base + 8).append(";2;").append(rgb.r()).append(';').append(rgb.g())
                    .append(';').append(rgb.b());
        }
    }

    /**
     * Any text as one safe line, no sequence read: every control character (newlines and tabs too) is
     * its visible picture. The last guard before anything is drawn or printed as a label.
     */
    public static String visible(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String v = isControl(c) ? picture(c) : null;
            if (v != null && sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (sb != null) {
                if (v != null) {
                    sb.append(v);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * Text to print as it is written, not as output (code, names, messages): no sequence read, every
     * control but {@code \n} and {@code \t} shown as its picture ({@code \r} too: code keeps what it holds).
     */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\t' && isControl(c)) {
                sb.append(text, from, i).append(picture(c));
                from = i + 1;
            }
        }
        return from == 0 ? text : sb.append(text, from, text.length()).toString();
    }

    /** A control character: C0, DEL or C1. */
    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }

    /** How a control character looks when shown: its Unicode control picture, or {@code ␛x} for a C1 one. */
    static String picture(char c) {
        if (c < 0x20) {
            return String.valueOf((char) (0x2400 + c));
        }
        if (c == 0x7f) {
            return "␡";
        }
        return ESC_PICTURE + (char) (c - 0x40);
    }

    /** Tabs as spaces to the next stop of 8, counted from the line's start (a run cannot measure a tab). */
    public static List<Run> expandTabs(List<Run> line) {
        if (line.stream().noneMatch(r -> r.text().indexOf('\t') >= 0)) {
            return line;
        }
        List<Run> out = new ArrayList<>(line.size());
        int col = 0;
        for (Run run : line) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < run.text().length(); i++) {
                char c = run.text().charAt(i);
                if (c == '\t') {
                    int spaces = 8 - col % 8;
                    sb.append(" ".repeat(spaces));
                    col += spaces;
                } else {
                    sb.append(c);
                    col++;
                }
            }
            out.add(new Run(sb.toString(), run.style()));
        }
        return out;
    }

    /** One pass over the text: a small state machine per escape, runs gathered per line. */
    private static final class Reader {
        private final String text;
        private final List<List<Run>> lines = new ArrayList<>();
        private List<Run> line = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();
        private Style style = Style.PLAIN;
        /** A {@code \r} was read on this line: the next text starts the line again. */
        private boolean carriageReturn;

        Reader(String text) {
            this.text = text;
        }

        void read() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\n') {
                    newline();
                    i++;
                } else if (c == '\r') {
                    carriageReturn = true;
                    i++;
                } else if (c == '\t') {
                    emit("\t");
                    i++;
                } else if (c == ESC) {
                    i = escape(i, i + 1);
                } else if (c >= 0x80 && c <= 0x9f) {
                    i = escape(i, i); // the C1 form of ESC (c - 0x40)
                } else if (isControl(c)) {
                    emit(picture(c));
                    i++;
                } else {
                    int j = i + 1;
                    while (j < text.length() && !isControl(text.charAt(j))) {
                        j++;
                    }
                    emit(text.substring(i, j));
                    i = j;
                }
            }
        }

        List<List<Run>> finish() {
            flush();
            lines.add(line);
            return lines;
        }

        /**
         * An escape starting at {@code start}: {@code ESC x} when {@code at > start}, or a C1 character
         * ({@code at == start}) standing for {@code ESC (c - 0x40)}. Returns where reading goes on.
         */
        private int escape(int start, int at) {
            boolean c1 = at == start;
            if (!c1 && at >= text.length()) {
                emit(ESC_PICTURE);
                return at;
            }
            char x = c1 ? (char) (text.charAt(at) - 0x40) : text.charAt(at);
            int body = at + 1;
            return switch (x) {
                case '[' -> csi(start, body);
                case ']' -> osc(start, body);
                case 'P', 'X', '^', '_' -> string(start, body, x);
                default -> {
                    if (c1) {
                        emit(picture(text.charAt(start)));
                        yield body;
                    }
                    int j = at;
                    while (j < text.length() && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x2f) {
                        j++; // intermediates, as in ESC ( B
                    }
                    if (j < text.length() && text.charAt(j) >= 0x30 && text.charAt(j) <= 0x7e) {
                        emit(ESC_PICTURE + text.substring(at, j + 1));
                        yield j + 1;
                    }
                    emit(ESC_PICTURE); // a lone ESC: what follows is read as text
                    yield at;
                }
            };
        }

        /** CSI: parameter bytes, intermediate bytes, a final byte; SGR sets the style, others are shown. */
        private int csi(int start, int body) {
            int j = body;
            while (j < text.length() && text.charAt(j) >= 0x30 && text.charAt(j) <= 0x3f) {
                j++;
            }
            int params = j;
            while (j < text.length() && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x2f) {
                j++;
            }
            if (j >= text.length() || text.charAt(j) < 0x40 || text.charAt(j) > 0x7e) {
                emit(ESC_PICTURE + "[" + text.substring(body, j)); // broken off: shown, and reading goes on after it
                return j;
            }
            char fin = text.charAt(j);
            String p = text.substring(body, params);
            if (fin == 'm' && params == j && p.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch == ';' || ch == ':')) {
                setStyle(Sgr.apply(style, p));
            } else if (fin != 'K') {
                emit(ESC_PICTURE + "[" + text.substring(body, j + 1));
            }
            return j + 1;
        }

        /** OSC: up to BEL or ST. A hyperlink's (8) escapes go unseen; any other is a marker, its payload never shown. */
        private int osc(int start, int body) {
            int end = body;
            while (end < text.length()) {
                char c = text.charAt(end);
                if (c == BEL || c == C1_ST || c == ESC && end + 1 < text.length() && text.charAt(end + 1) == '\\') {
                    break;
                }
                end++;
            }
            if (end >= text.length()) {
                emit(ESC_PICTURE + "]");
                return body;
            }
            int digits = body;
            while (digits < end && digits - body < 5 && Character.isDigit(text.charAt(digits))) {
                digits++;
            }
            String number = text.substring(body, digits); // what kind of OSC it was; nothing of its payload
            if (!number.equals("8") || digits == end || text.charAt(digits) != ';') {
                emit(ESC_PICTURE + "]" + number + "…");
            }
            return end + (text.charAt(end) == ESC ? 2 : 1);
        }

        /** DCS, SOS, PM, APC: up to ST; a marker stands for it. */
        private int string(int start, int body, char kind) {
            int end = body;
            while (end < text.length()) {
                char c = text.charAt(end);
                if (c == C1_ST || c == ESC && end + 1 < text.length() && text.charAt(end + 1) == '\\') {
                    break;
                }
                end++;
            }
            if (end >= text.length()) {
                emit(ESC_PICTURE + kind);
                return body;
            }
            emit(ESC_PICTURE + kind + "…");
            return end + (text.charAt(end) == ESC ? 2 : 1);
        }

        private void emit(String s) {
            if (carriageReturn) {
                pending.setLength(0);
                line.clear();
                carriageReturn = false;
            }
            pending.append(s);
        }

        private void setStyle(Style next) {
            if (!next.equals(style)) {
                flush();
                style = next;
            }
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            if (!line.isEmpty() && line.getLast().style().equals(style)) {
                line.set(line.size() - 1, new Run(line.getLast().text() + pending, style));
            } else {
                line.add(new Run(pending.toString(), style));
            }
            pending.setLength(0);
        }

        private void newline() {
            flush();
            lines.add(line);
            line = new ArrayList<>();
            carriageReturn = false;
        }
    }
}
