package dev.cellar.daemon.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a marker line's rest as Jupytext splits them: a title word, a {@code [kind]},
 * a {@code key=value} pair whose JSON value may hold spaces inside quotes or brackets
 * ({@code tags=["a", "b"]}), or one JSON object; with the whitespace before each word and after
 * the last, so the line can be written back byte for byte. One splitter for the store, which
 * rewrites the line, and for {@link SqlCellOptions}, which reads keys from it: a key must never be
 * read out of another key's quoted value ({@code title="x conn=@b"}).
 */
public record MarkerWords(List<String> separators, List<String> words, String trailing) {

    public static MarkerWords of(String rest) {
        List<String> seps = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int n = rest.length();
        int i = 0;
        while (i < n) {
            int sepStart = i;
            while (i < n && Character.isWhitespace(rest.charAt(i))) {
                i++;
            }
            if (i == n) {
                return new MarkerWords(seps, words, rest.substring(sepStart));
            }
            int wordStart = i;
            boolean value = rest.charAt(i) == '{';
            int depth = 0;
            char quote = 0;
            for (; i < n; i++) {
                char c = rest.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (value && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (value && (c == '[' || c == '{' || c == '(')) {
                    depth++;
                } else if (value && (c == ']' || c == '}' || c == ')')) {
                    depth = Math.max(0, depth - 1);
                } else if (c == '=' && !value) {
                    value = true;
                } else if (Character.isWhitespace(c) && depth == 0) {
                    break;
                }
            }
            i = Math.min(i, n);
            seps.add(rest.substring(sepStart, wordStart));
            words.add(rest.substring(wordStart, i));
        }
        return new MarkerWords(seps, words, "");
    }

    /** A value without its quotes ({@code "v"} or {@code 'v'}), as it is otherwise. */
    public static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
