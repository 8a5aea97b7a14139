package dev.cellar.cli;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPython's {@code %time}/{@code %%time} and {@code %timeit}/{@code %%timeit} as plain Python
 * that prints what IPython prints, so an imported notebook's output reads as Jupyter's.
 *
 * <p>{@code %time} runs its code where it stands (its names are the notebook's) and prints
 * IPython's {@code CPU times: …} and {@code Wall time: …} lines; a last expression stays the
 * cell's value, shown after the times as IPython shows it. {@code %timeit} runs its code in a
 * function, as IPython's own template does (so its names stay its own and no value is shown),
 * and prints {@code mean ± std per loop (…)}; where IPython picks loops until a run lasts 0.2 s,
 * here it is 1 loop a run (or {@code -n}), at most 7 runs (or {@code -r}) and stopping once about
 * a second is spent: a notebook's run must stay bounded.
 */
final class IpythonTiming {
    /** IPython's {@code _format_time}: 3 significant digits in s, ms, µs or ns. */
    private static final String FORMAT = "_fmt = lambda t: \"%.3g %s\" % ((t * 1e9, \"ns\") if t < 1e-6 else (t * 1e6,"
            + " \"\u00b5s\") if t < 1e-3 else (t * 1e3, \"ms\") if t < 1 else (t, \"s\"))";
    private static final Pattern OPTION = Pattern.compile("^-([nrpqo])(?:\\s*(\\d+))?\\s*");
    /** Budget of a {@code %timeit}: it stops repeating once this many seconds are spent. */
    static final int TIMEIT_SECONDS = 1;
    private static final Set<String> STATEMENT_WORDS = Set.of("import", "from", "del", "pass", "global", "nonlocal",
            "assert", "raise", "return", "for", "while", "if", "elif", "else", "with", "try", "except", "finally", "def",
            "class", "async", "break", "continue");

    private IpythonTiming() {
    }

    /**
     * {@code %time} / {@code %%time}: {@code body} run where it stands, timed. {@code keepValue}:
     * the body ends the cell at the top level, so a last expression stays the cell's value.
     */
    static String time(String indent, String body, String note, boolean keepValue) {
        int value = keepValue ? valueStart(body) : -1;
        String code = value < 0 ? body : body.substring(0, value) + "_value = " + body.substring(value);
        StringBuilder out = new StringBuilder();
        // user and system CPU as IPython splits them; a Python without os.times (GraalPy may lack it) counts all as user
        out.append(indent).append("import os as _os, time as _time").append(note).append('\n')
                .append(indent).append(FORMAT).append('\n')
                .append(indent).append("_cpu = lambda: _os.times()[:2] if hasattr(_os, \"times\") else (_time.process_time(), 0.0)\n")
                .append(indent).append("_start = _cpu(), _time.perf_counter()\n");
        appendBody(out, code, indent);
        out.append(indent).append("_user, _sys = [_b - _a for _a, _b in zip(_start[0], _cpu())]\n")
                .append(indent).append("print(f\"CPU times: user {_fmt(_user)}, sys: {_fmt(_sys)}, total: {_fmt(_user + _sys)}"
                        + "\\nWall time: {_fmt(_time.perf_counter() - _start[1])}\")");
        if (value >= 0) {
            out.append('\n').append(indent).append("_value");
        }
        return out.toString();
    }

    /**
     * {@code %timeit} / {@code %%timeit}: {@code options} are what follows the magic's name
     * ({@code -n 10 -r 3}, then for the cell magic a setup statement), {@code body} the code
     * timed, {@code note} the comment saying what the lines were.
     */
    static String timeit(String indent, String options, String body, String note) {
        int loops = 1;
        int runs = 7;
        boolean quiet = false;
        String rest = options.strip();
        for (Matcher m = OPTION.matcher(rest); m.find(); m = OPTION.matcher(rest)) {
            switch (m.group(1)) {
                case "n" -> loops = m.group(2) != null ? Math.max(1, Integer.parseInt(m.group(2))) : loops;
                case "r" -> runs = m.group(2) != null ? Math.max(1, Integer.parseInt(m.group(2))) : runs;
                case "q" -> quiet = true;
                default -> { } // -p, -o: precision and the result object, not kept
            }
            rest = rest.substring(m.end());
        }
        String setup = rest.isBlank() ? "pass" : rest;
        StringBuilder out = new StringBuilder();
        out.append(indent).append("import time as _time").append(note).append(" (at most ").append(runs)
                .append(" runs, about ").append(TIMEIT_SECONDS).append(" s here)\n");
        // IPython's timeit template: setup, then the code in a loop, in a function of their own
        out.append(indent).append("def _timed(_loops):\n")
                .append(indent).append("    ").append(setup).append('\n')
                .append(indent).append("    _start = _time.perf_counter()\n")
                .append(indent).append("    for _loop in range(_loops):\n");
        appendBody(out, hasCode(body) ? body : "pass", indent + "        ");
        out.append(indent).append("    return _time.perf_counter() - _start\n")
                .append(indent).append(FORMAT).append('\n')
                .append(indent).append("_runs = []\n")
                .append(indent).append("while len(_runs) < ").append(runs).append(" and sum(_runs) < ")
                .append(TIMEIT_SECONDS).append(":\n")
                .append(indent).append("    _runs.append(_timed(").append(loops).append("))\n")
                .append(indent).append("_mean = sum(_runs) / len(_runs) / ").append(loops).append('\n')
                .append(indent).append("_std = (sum((_t / ").append(loops)
                .append(" - _mean) ** 2 for _t in _runs) / len(_runs)) ** 0.5\n");
        String each = String.format(Locale.ROOT, "%,d loop%s each", loops, loops == 1 ? "" : "s");
        out.append(indent).append(quiet ? "# " : "").append("print(f\"{_fmt(_mean)} \u00b1 {_fmt(_std)} per loop (mean \u00b1"
                + " std. dev. of {len(_runs)} run{'s' * (len(_runs) > 1)}, ").append(each).append(")\")");
        return out.toString();
    }

    /** Each line of {@code code} behind {@code indent}, but lines inside a triple-quoted string (their text). */
    private static void appendBody(StringBuilder out, String code, String indent) {
        String[] lines = code.split("\n", -1);
        int end = lines.length;
        while (end > 1 && lines[end - 1].isBlank()) {
            end--;
        }
        boolean inString = false;
        for (int i = 0; i < end; i++) {
            String line = lines[i];
            out.append(inString || line.isEmpty() ? "" : indent).append(line).append('\n');
            inString ^= IpythonMagics.opensOrClosesString(line);
        }
    }

    /**
     * Where the cell's last statement starts when it is an expression whose value IPython would
     * show (no trailing {@code ;}), else -1. A scan of brackets, strings, comments and line
     * continuations: enough to find statements that start at the top level.
     */
    static int valueStart(String code) {
        int depth = 0;
        char quote = 0;
        boolean triple = false;
        boolean comment = false;
        boolean continued = false;
        int start = -1; // the last statement that starts on a line of its own, at column 0
        int after = -1; // the last ';' at depth 0 in that statement, +1
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            boolean lineStart = i == 0 || code.charAt(i - 1) == '\n';
            if (lineStart) {
                comment = false;
                if (quote == 0 && depth == 0 && !continued && c != '\n' && c != '#' && !Character.isWhitespace(c)) {
                    start = i;
                    after = -1;
                }
                continued = false;
            }
            if (comment) {
                continue;
            }
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote && (!triple || code.startsWith(String.valueOf(c).repeat(3), i))) {
                    i += triple ? 2 : 0;
                    quote = 0;
                } else if (c == '\n' && !triple) {
                    quote = 0; // an unclosed string: the cell does not parse anyway
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> {
                    quote = c;
                    triple = code.startsWith(String.valueOf(c).repeat(3), i);
                    i += triple ? 2 : 0;
                }
                case '#' -> comment = true;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                case ';' -> after = depth == 0 ? i + 1 : after;
                case '\\' -> continued = i + 1 < code.length() && code.charAt(i + 1) == '\n';
                default -> { }
            }
        }
        if (start < 0) {
            return -1;
        }
        String first = firstWord(code.substring(start));
        if (STATEMENT_WORDS.contains(first) || first.startsWith("@") || code.substring(start).matches("(?s)match\\s[^\n]*:\\s*(#[^\n]*)?(\n.*)?")) {
            return -1;
        }
        int value = start;
        if (after >= 0) {
            String tail = code.substring(after).replaceAll("#[^\n]*", "");
            if (tail.isBlank()) {
                return -1; // a trailing ';' hides the value
            }
            value = after;
            while (value < code.length() && (code.charAt(value) == ' ' || code.charAt(value) == '\t')) {
                value++;
            }
            if (STATEMENT_WORDS.contains(firstWord(code.substring(value)))) {
                return -1;
            }
        }
        return IpythonMagics.looksLikeExpression(code.substring(value).strip()) ? value : -1;
    }

    /** Whether a line of {@code code} is more than blanks and comments (a block needs a statement). */
    private static boolean hasCode(String code) {
        return code.lines().anyMatch(l -> !l.isBlank() && !l.strip().startsWith("#"));
    }

    private static String firstWord(String code) {
        Matcher m = Pattern.compile("^[@\\w]+").matcher(code);
        return m.find() ? m.group() : "";
    }
}
