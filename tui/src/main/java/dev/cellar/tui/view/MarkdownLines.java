package dev.cellar.tui.view;

import com.googlecode.lanterna.TextColor;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * A markdown cell rendered for the terminal with commonmark-java: headings bold (the first
 * level underlined), emphasis and inline code in colour, lists with bullets or numbers,
 * code blocks indented, links as their text and address, pipe tables as aligned grids
 * (core CommonMark reads them as paragraphs; their lines are kept). Prose is word-wrapped.
 */
final class MarkdownLines {
    private static final Parser PARSER = Parser.builder().build();
    private static final String INDENT = "    ";

    private MarkdownLines() {
    }

    static List<Line> render(String source, int width, Glyphs glyphs) {
        List<Line> out = new ArrayList<>();
        blocks(PARSER.parse(source), INDENT, width, glyphs, out);
        return out;
    }

    private static void blocks(Node parent, String indent, int width, Glyphs glyphs, List<Line> out) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            switch (n) {
                case Heading h -> {
                    List<Syntax.Span> spans = new ArrayList<>();
                    inlines(h, spans, true, h.getLevel() == 1 ? TextColor.ANSI.WHITE_BRIGHT : TextColor.ANSI.CYAN_BRIGHT);
                    List<Line> rows = words(spans, indent, width);
                    out.addAll(rows);
                    if (h.getLevel() == 1) {
                        int len = rows.stream().mapToInt(MarkdownLines::width).max().orElse(0) - indent.length();
                        out.add(Line.of(indent + (glyphs.unicode() ? "━" : "=").repeat(Math.max(1, len)),
                                TextColor.ANSI.WHITE_BRIGHT));
                    }
                }
                case Paragraph p -> {
                    List<String> table = tableLines(p);
                    if (table != null) {
                        for (String row : TableGrid.align(table)) {
                            out.add(Line.of(indent + row, TextColor.ANSI.DEFAULT));
                        }
                    } else {
                        List<Syntax.Span> spans = new ArrayList<>();
                        inlines(p, spans, false, TextColor.ANSI.DEFAULT);
                        out.addAll(words(spans, indent, width));
                    }
                }
                case BulletList list -> items(list, indent, width, glyphs, out, false, 0);
                case OrderedList list -> items(list, indent, width, glyphs, out, true, list.getMarkerStartNumber());
                case FencedCodeBlock code -> codeLines(code.getLiteral(), indent, out);
                case IndentedCodeBlock code -> codeLines(code.getLiteral(), indent, out);
                case BlockQuote q -> blocks(q, indent + glyphs.bar() + " ", width, glyphs, out);
                case ThematicBreak t -> out.add(Line.of(indent + (glyphs.unicode() ? "─" : "-")
                        .repeat(Math.max(3, width - indent.length() - 1)), TextColor.ANSI.BLACK_BRIGHT));
                default -> {
                    List<Syntax.Span> spans = new ArrayList<>();
                    inlines(n, spans, false, TextColor.ANSI.DEFAULT);
                    out.addAll(words(spans, indent, width));
                }
            }
        }
    }

    private static void items(Node list, String indent, int width, Glyphs glyphs, List<Line> out, boolean numbered,
                              Integer start) {
        int number = start == null ? 1 : start;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            String marker = numbered ? number++ + ". " : (glyphs.unicode() ? "• " : "* ");
            List<Line> inner = new ArrayList<>();
            blocks((ListItem) item, indent + " ".repeat(marker.length()), width, glyphs, inner);
            if (!inner.isEmpty() && !inner.getFirst().spans().isEmpty()) {
                // the marker goes over the first row's indentation
                List<Syntax.Span> first = new ArrayList<>(inner.getFirst().spans());
                String lead = first.getFirst().text();
                first.set(0, new Syntax.Span(lead.substring(0, indent.length()) + marker
                        + lead.substring(Math.min(lead.length(), indent.length() + marker.length())),
                        first.getFirst().color(), first.getFirst().bold()));
                inner.set(0, Line.of(first, -1));
            }
            out.addAll(inner);
        }
    }

    private static void codeLines(String literal, String indent, List<Line> out) {
        String body = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        for (String line : body.split("\n", -1)) {
            out.add(Line.of(indent + "  " + line, TextColor.ANSI.YELLOW));
        }
    }

    private static void inlines(Node parent, List<Syntax.Span> out, boolean bold, TextColor color) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            switch (n) {
                case Text t -> out.add(new Syntax.Span(t.getLiteral(), color, bold));
                case Code c -> out.add(new Syntax.Span(c.getLiteral(), TextColor.ANSI.YELLOW, bold));
                case Emphasis e -> inlines(e, out, bold, TextColor.ANSI.CYAN);
                case StrongEmphasis e -> inlines(e, out, true, color);
                case Link l -> {
                    inlines(l, out, bold, TextColor.ANSI.BLUE_BRIGHT);
                    out.add(new Syntax.Span(" <" + l.getDestination() + ">", TextColor.ANSI.BLACK_BRIGHT, false));
                }
                case SoftLineBreak b -> out.add(new Syntax.Span(" ", color, false));
                case HardLineBreak b -> out.add(new Syntax.Span("\n", color, false));
                case HtmlInline h -> out.add(new Syntax.Span(h.getLiteral(), TextColor.ANSI.BLACK_BRIGHT, false));
                default -> inlines(n, out, bold, color);
            }
        }
    }

    /** Word-wraps spans at {@code width}, each row starting with {@code indent}; "\n" spans break rows. */
    private static List<Line> words(List<Syntax.Span> spans, String indent, int width) {
        List<Line> out = new ArrayList<>();
        List<Syntax.Span> row = new ArrayList<>(List.of(new Syntax.Span(indent, TextColor.ANSI.DEFAULT, false)));
        int used = indent.length();
        for (Syntax.Span span : spans) {
            if (span.text().equals("\n")) {
                out.add(Line.of(row, -1));
                row = new ArrayList<>(List.of(new Syntax.Span(indent, TextColor.ANSI.DEFAULT, false)));
                used = indent.length();
                continue;
            }
            for (String word : span.text().split("(?<= )")) {
                if (used + word.stripTrailing().length() > width && used > indent.length()) {
                    out.add(Line.of(row, -1));
                    row = new ArrayList<>(List.of(new Syntax.Span(indent, TextColor.ANSI.DEFAULT, false)));
                    used = indent.length();
                    word = word.stripLeading();
                }
                while (used + word.length() > width && word.length() > width - indent.length()) {
                    int take = Math.max(1, width - used);
                    row.add(new Syntax.Span(word.substring(0, take), span.color(), span.bold()));
                    out.add(Line.of(row, -1));
                    row = new ArrayList<>(List.of(new Syntax.Span(indent, TextColor.ANSI.DEFAULT, false)));
                    used = indent.length();
                    word = word.substring(take);
                }
                row.add(new Syntax.Span(word, span.color(), span.bold()));
                used += word.length();
            }
        }
        out.add(Line.of(row, -1));
        return out;
    }

    /** A paragraph whose every line starts and ends with a pipe is a table: its lines, else null. */
    private static List<String> tableLines(Paragraph p) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Node n = p.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                lines.add(current.toString());
                current.setLength(0);
            } else {
                current.append(literal(n));
            }
        }
        lines.add(current.toString());
        boolean table = lines.size() >= 2 && lines.stream().allMatch(l -> l.strip().startsWith("|") && l.strip().endsWith("|"));
        return table ? lines : null;
    }

    private static String literal(Node n) {
        return switch (n) {
            case Text t -> t.getLiteral();
            case Code c -> c.getLiteral();
            default -> {
                StringBuilder sb = new StringBuilder();
                for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
                    sb.append(literal(c));
                }
                yield sb.toString();
            }
        };
    }

    private static int width(Line line) {
        return line.spans().stream().mapToInt(s -> s.text().length()).sum();
    }
}
