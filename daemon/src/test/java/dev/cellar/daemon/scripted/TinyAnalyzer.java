package dev.cellar.daemon.scripted;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.analysis.CellAnalyzer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link CellAnalyzer} for tests that must not start a Python: it reads a tiny syntax the
 * test controls. Each line (or {@code ;}-separated statement) is {@code a, b = expr} (defs a
 * and b, refs every name in expr) or a bare expression (refs only). {@code #} starts a
 * comment, where {@link ScriptedKernel}'s directives live, so they are never names. As
 * analyze.py does, names starting with {@code _} are private to the cell, and a name the cell
 * defines is not one of its refs. A cell whose first line starts with {@code !} is a syntax
 * error. Thread-safe; SQL, Markdown and raw cells have no names.
 */
public final class TinyAnalyzer implements CellAnalyzer {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern STRING = Pattern.compile("\"[^\"]*\"|'[^']*'");
    private final AtomicInteger analysed = new AtomicInteger();

    @Override
    public List<Analysis> analyze(List<Source> sources) {
        List<Analysis> out = new ArrayList<>(sources.size());
        for (Source s : sources) {
            analysed.incrementAndGet();
            out.add(switch (s.kind()) {
                case PYTHON -> analyze(s.code());
                case SQL, MARKDOWN, RAW -> Analysis.EMPTY;
            });
        }
        return out;
    }

    /** The names of one cell's code in the tiny syntax. */
    public static Analysis analyze(String code) {
        if (code.startsWith("!")) {
            return Analysis.syntaxError("invalid syntax (scripted)", 1, 0);
        }
        Set<String> defs = new LinkedHashSet<>();
        Set<String> refs = new LinkedHashSet<>();
        for (String line : code.split("\n")) {
            int hash = line.indexOf('#');
            String statementLine = STRING.matcher(hash < 0 ? line : line.substring(0, hash)).replaceAll("");
            for (String statement : statementLine.split(";")) {
                int eq = assignment(statement);
                if (eq >= 0) {
                    names(statement.substring(eq + 1), refs);
                    names(statement.substring(0, eq), defs);
                } else {
                    names(statement, refs);
                }
            }
        }
        defs.removeIf(n -> n.startsWith("_"));
        refs.removeIf(n -> n.startsWith("_"));
        refs.removeAll(defs);
        return Analysis.of(List.copyOf(defs), List.copyOf(refs));
    }

    /** Position of the {@code =} of an assignment, or -1 ({@code ==}, {@code <=} etc. are not). */
    private static int assignment(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '=') {
                boolean before = i > 0 && "=<>!".indexOf(s.charAt(i - 1)) >= 0;
                boolean after = i + 1 < s.length() && s.charAt(i + 1) == '=';
                if (!before && !after) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    private static void names(String text, Set<String> into) {
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            into.add(m.group());
        }
    }

    /** How many cells this analyser was asked about (a test can check it is the one in use). */
    public int analysed() {
        return analysed.get();
    }

    @Override
    public void close() {
    }
}
