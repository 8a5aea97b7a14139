package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import dev.cellar.protocol.model.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A light syntax colouring for one line of Python or SQL: keywords, strings, comments, numbers. */
public final class Syntax {
    private static final Set<String> PYTHON = Set.of("def", "class", "return", "if", "elif", "else", "for", "while", "in",
            "import", "from", "as", "with", "try", "except", "finally", "raise", "lambda", "yield", "not", "and", "or", "is",
            "None", "True", "False", "pass", "break", "continue", "global", "nonlocal", "async", "await", "match", "case",
            "del", "assert");
    private static final Set<String> SQL = Set.of("select", "from", "where", "group", "by", "order", "join", "left", "right",
            "inner", "outer", "on", "as", "create", "or", "replace", "table", "view", "insert", "into", "values", "update",
            "delete", "and", "not", "null", "limit", "with", "having", "distinct", "case", "when", "then", "else", "end",
            "union", "all", "set", "is", "in", "count", "sum", "avg", "min", "max");

    private Syntax() {
    }

    /**
     * A run of text in one look: a colour and boldness (the code's colours), and for output that
     * set them itself (SGR, read by {@code TerminalText}) a background, italics, underline, reverse.
     * {@code background} null: the default.
     */
    public record Span(String text, TextColor color, boolean bold, TextColor background, boolean italic, boolean underline,
                       boolean reverse) {
        public Span(String text, TextColor color, boolean bold) {
            this(text, color, bold, null, false, false, false);
        }

        /** The same look over other text (a piece of a wrapped run). */
        public Span withText(String other) {
            return new Span(other, color, bold, background, italic, underline, reverse);
        }

        /** The same look in reverse video (the editor's selection). */
        Span reversed() {
            return new Span(text, color, bold, background, italic, underline, true);
        }
    }

    /** The spans with columns {@code from} (inclusive) to {@code to} (exclusive) reversed: a selection on a line. */
    static List<Span> reversed(List<Span> spans, int from, int to) {
        List<Span> out = new ArrayList<>();
        int at = 0;
        for (Span span : spans) {
            int end = at + span.text().length();
            int a = Math.max(from, at);
            int b = Math.min(to, end);
            if (a >= b) {
                out.add(span);
            } else {
                if (a > at) {
                    out.add(span.withText(span.text().substring(0, a - at)));
                }
                out.add(span.withText(span.text().substring(a - at, b - at)).reversed());
                if (b < end) {
                    out.add(span.withText(span.text().substring(b - at)));
                }
            }
            at = end;
        }
        return out;
    }

    public static List<Span> line(String line, CellKind kind) {
        List<Span> out = new ArrayList<>();
        if (kind == CellKind.RAW) { // text kept as it is: shown dim, like a comment
            out.add(new Span(line, TextColor.ANSI.BLACK_BRIGHT, false));
            return out;
        }
        if (kind == CellKind.MARKDOWN) {
            out.add(new Span(line, line.startsWith("#") ? TextColor.ANSI.CYAN : TextColor.ANSI.DEFAULT, line.startsWith("#")));
            return out;
        }
        Set<String> keywords = kind == CellKind.SQL ? SQL : PYTHON;
        String comment = kind == CellKind.SQL ? "--" : "#";
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (line.startsWith(comment, i)) {
                out.add(new Span(line.substring(i), TextColor.ANSI.BLACK_BRIGHT, false));
                break;
            }
            if (c == '"' || c == '\'') {
                int j = line.indexOf(c, i + 1);
                j = j < 0 ? line.length() : j + 1;
                out.add(new Span(line.substring(i, j), TextColor.ANSI.GREEN, false));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < line.length() && (Character.isLetterOrDigit(line.charAt(j)) || line.charAt(j) == '_')) {
                    j++;
                }
                String word = line.substring(i, j);
                boolean kw = keywords.contains(kind == CellKind.SQL ? word.toLowerCase(Locale.ROOT) : word);
                out.add(new Span(word, kw ? TextColor.ANSI.BLUE_BRIGHT : TextColor.ANSI.DEFAULT, kw));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < line.length() && (Character.isLetterOrDigit(line.charAt(j)) || line.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Span(line.substring(i, j), TextColor.ANSI.MAGENTA, false));
                i = j;
            } else {
                out.add(new Span(String.valueOf(c), TextColor.ANSI.DEFAULT, false));
                i++;
            }
        }
        return out;
    }
}
