package dev.cellar.tui.state;

import dev.cellar.protocol.model.CellKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A first line that changes a cell's kind, as in Jupyter: {@code %%sql} (with
 * {@code %%sql name <<} naming the result, as jupysql and {@code cellar import} read it),
 * {@code %%md} or {@code %%markdown}, {@code %%python}. The line itself is not kept.
 */
public record CellMagic(CellKind kind, String out, String code) {
    private static final Pattern FIRST = Pattern.compile(
            "^%%(sql(?:\\s+(\\w+)\\s*<<)?|md|markdown|python)[ \\t]*(?:\\n|$)");

    /** The kind (and out name) the text's first line asks for, with the rest as code; null when it asks nothing. */
    public static CellMagic parse(String text) {
        Matcher m = FIRST.matcher(text);
        if (!m.find()) {
            return null;
        }
        String word = m.group(1);
        CellKind kind = word.startsWith("sql") ? CellKind.SQL : word.equals("python") ? CellKind.PYTHON : CellKind.MARKDOWN;
        return new CellMagic(kind, m.group(2), text.substring(m.end()));
    }

    /** The next kind for the key that cycles them: python, sql, markdown, python… */
    public static CellKind next(CellKind kind) {
        return switch (kind) {
            case PYTHON -> CellKind.SQL;
            case SQL -> CellKind.MARKDOWN;
            case MARKDOWN, RAW -> CellKind.PYTHON;
        };
    }
}
