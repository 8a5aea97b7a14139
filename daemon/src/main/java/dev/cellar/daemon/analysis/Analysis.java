package dev.cellar.daemon.analysis;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What static analysis found in one cell: the names it defines at module level and the
 * free names it reads, both sorted; or a syntax error with its position in the cell.
 */
public record Analysis(SortedSet<String> defs, SortedSet<String> refs, SyntaxProblem syntaxError) {
    public static final Analysis EMPTY = new Analysis(new TreeSet<>(), new TreeSet<>(), null);

    public Analysis {
        defs = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(defs));
        refs = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(refs));
    }

    public static Analysis of(List<String> defs, List<String> refs) {
        return new Analysis(new TreeSet<>(defs), new TreeSet<>(refs), null);
    }

    public static Analysis syntaxError(String message, int line, int column) {
        return new Analysis(new TreeSet<>(), new TreeSet<>(), new SyntaxProblem(message, line, column));
    }

    /** A parse error: the cell cannot be analysed or run until it is fixed. */
    public record SyntaxProblem(String message, int line, int column) {
    }
}
