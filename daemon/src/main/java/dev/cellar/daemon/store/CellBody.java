package dev.cellar.daemon.store;

import dev.cellar.daemon.model.FileBody;
import dev.cellar.protocol.model.CellKind;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell's body in the file and the code it stands for. Python is written as it is; SQL,
 * markdown and raw cells as {@code # } comments, and markdown or raw cells that came
 * triple-quoted ({@code """…"""}, Jupytext's other form) are read as their text and written
 * back triple-quoted.
 *
 * <p>Escaping. Readers disagree about lines such as {@code # %%time} inside code: Jupytext
 * reads a commented cell magic, VS Code starts a new cell; Jupytext also starts one at an
 * indented {@code # %% x}, VS Code at {@code # In[1]}. A line the file had is kept as it was
 * (see {@link FileBody}). A line of code Cellar writes that any of them could take for a cell
 * marker gets one more {@code # } after its indent ({@code # %%time} is written
 * {@code # # %%time}): Jupytext escapes its magics that way and reads such a line back as
 * Cellar does. In a commented cell (SQL, markdown, raw) only a line whose {@code # } makes it
 * a marker ({@code %% x} would be {@code # %% x}) needs escaping, with a backslash
 * ({@code # \%% x}), so a markdown line {@code # %% x} is written {@code # # %% x} as Jupytext
 * writes it. Reading takes one escape off; lines an older Cellar escaped with a backslash
 * ({@code # \%% id=x} in code) still read as before.
 *
 * <p>Where Cellar and Jupytext still read a line differently: a commented magic in code
 * ({@code # %matplotlib inline}, {@code # %%time}) is a comment to Cellar and the magic to
 * Jupytext (so {@code cellar import} comments magics out: both then mean the same magic);
 * an escaped line that is no magic ({@code # # %% x}) is {@code # %% x} to Cellar and stays
 * {@code # # %% x} to Jupytext, which cannot hold that line in a code cell at all; and
 * Jupytext does not split, escape or un-escape inside a multi-line string, where Cellar
 * escapes all the same, since VS Code would split there.
 */
final class CellBody {
    /** A cell marker for some reader (Cellar, Jupytext, VS Code, Spyder), under any number of comment signs. */
    private static final String MARKER_CORE = "(?:#\\s*)*#\\s*(?:\\\\*%%|<codecell>|In\\[[0-9 ]*\\])";
    private static final Pattern MARKER_LIKE = Pattern.compile("^(\\s*)(" + MARKER_CORE + ".*)$", Pattern.DOTALL);
    private static final Pattern ESCAPED = Pattern.compile("^(\\s*)# ?(" + MARKER_CORE + ".*)$", Pattern.DOTALL);
    private static final Pattern OLD_ESCAPED = Pattern.compile("^(#\\s*\\\\*)\\\\%%");
    /** A commented line that is a marker, with any number of backslashes before its {@code %%}. */
    private static final Pattern COMMENTED_MARKER = Pattern.compile("^(#\\s*\\\\*)(?:%%|<codecell>|In\\[[0-9 ]*\\])");
    private static final Pattern COMMENTED_ESCAPED = Pattern.compile("^(#\\s*\\\\*)\\\\(?:%%|<codecell>|In\\[[0-9 ]*\\])");
    private static final String[] QUOTES = {"\"\"\"", "'''"};

    private CellBody() {
    }

    /** The code a body of this kind stands for. */
    static String read(CellKind kind, String body) {
        if (commented(kind)) {
            Quoted q = quoted(kind, body);
            return q != null ? q.text() : eachLine(body, CellBody::readText);
        }
        return eachLine(body, CellBody::unescape);
    }

    /**
     * The body for code of this kind. {@code before} (or null) is the cell's body as the file
     * had it: each of its lines that reads as a line of the code is written as it was, and a
     * triple-quoted markdown or raw cell stays triple-quoted.
     */
    static String write(CellKind kind, String code, FileBody before) {
        boolean sameForm = before != null && commented(before.kind()) == commented(kind)
                && (before.kind() == kind || !commented(kind));
        if (sameForm && commented(kind)) {
            Quoted q = quoted(before.kind(), before.body());
            if (q != null) {
                String quotedBody = q.around(code);
                if (quotedBody != null) {
                    return quotedBody;
                }
            }
        }
        UnaryOperator<String> encode = commented(kind) ? CellBody::writeText : CellBody::escape;
        Map<String, String> kept = sameForm ? keptLines(kind, before.body()) : Map.of();
        if (!kept.isEmpty()) {
            String body = eachLine(code, line -> kept.getOrDefault(line, encode.apply(line)));
            if (quoted(kind, body) == null) { // lines kept from the file must not add up to a triple-quoted body
                return body;
            }
        }
        return eachLine(code, encode);
    }

    private static boolean commented(CellKind kind) {
        return kind != CellKind.PYTHON;
    }

    /** The lines of a body that {@link #write} would not write as they are, by the line of code each reads as. */
    private static Map<String, String> keptLines(CellKind kind, String body) {
        Map<String, String> kept = new HashMap<>();
        if (commented(kind) && quoted(kind, body) != null) {
            return kept;
        }
        for (String raw : body.split("\n", -1)) {
            String line = commented(kind) ? readText(raw) : unescape(raw);
            String written = commented(kind) ? writeText(line) : escape(line);
            if (!written.equals(raw)) {
                kept.putIfAbsent(line, raw);
            }
        }
        return kept;
    }

    static String escape(String line) {
        Matcher m = MARKER_LIKE.matcher(line);
        return m.matches() ? m.group(1) + "# " + m.group(2) : line;
    }

    static String unescape(String line) {
        Matcher m = ESCAPED.matcher(line);
        if (m.matches()) {
            return m.group(1) + m.group(2);
        }
        Matcher old = OLD_ESCAPED.matcher(line);
        return old.lookingAt() ? line.substring(0, old.end(1)) + line.substring(old.end(1) + 1) : line;
    }

    /** A line of an SQL, markdown or raw cell as the file holds it. */
    private static String writeText(String line) {
        String commented = line.isEmpty() ? "#" : "# " + line;
        Matcher m = COMMENTED_MARKER.matcher(commented);
        return m.lookingAt() ? commented.substring(0, m.end(1)) + "\\" + commented.substring(m.end(1)) : commented;
    }

    private static String readText(String raw) {
        Matcher m = COMMENTED_ESCAPED.matcher(raw);
        return uncomment(m.lookingAt() ? raw.substring(0, m.end(1)) + raw.substring(m.end(1) + 1) : raw);
    }

    /** As Jupytext uncomments: without {@code # }, or else without {@code #}. */
    private static String uncomment(String line) {
        return line.startsWith("# ") ? line.substring(2) : line.startsWith("#") ? line.substring(1) : line;
    }

    /** A body that is one triple-quoted string, as Jupytext reads it: its text, and the quotes around it. */
    private record Quoted(String left, String text, String right) {
        /** This text in the same quotes, or null when it cannot be (it holds them). */
        String around(String code) {
            String quote = right.substring(right.length() - 3);
            if (code.contains(quote)) {
                return null;
            }
            // as Jupytext writes a percent file: text with a backslash in a raw string
            String l = code.contains("\\") && !left.startsWith("r") && !left.startsWith("R") ? "r" + left : left;
            return l + code + right;
        }
    }

    private static Quoted quoted(CellKind kind, String body) {
        if (kind != CellKind.MARKDOWN && kind != CellKind.RAW) {
            return null;
        }
        String content = body.strip();
        for (String prefix : new String[] {"", "r", "R"}) {
            for (String quote : QUOTES) {
                String left = prefix + quote;
                if (content.startsWith(left) && content.endsWith(quote) && content.length() >= left.length() + 3) {
                    String text = content.substring(left.length(), content.length() - 3);
                    String right = quote;
                    if (text.startsWith("\n")) {
                        text = text.substring(1);
                        left = left + "\n";
                    }
                    if (text.endsWith("\n")) {
                        text = text.substring(0, text.length() - 1);
                        right = "\n" + right;
                    }
                    return new Quoted(left, text, right);
                }
            }
        }
        return null;
    }

    private static String eachLine(String text, UnaryOperator<String> change) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int start = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            out.append(change.apply(nl < 0 ? text.substring(start) : text.substring(start, nl)));
            if (nl < 0) {
                return out.toString();
            }
            out.append('\n');
            start = nl + 1;
        }
    }
}
