package dev.cellar.daemon.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an SQL cell the way a database would tokenise it (strings, quoted identifiers,
 * comments and PostgreSQL dollar quotes are opaque), to split it into statements, turn
 * {@code {name}} placeholders into JDBC parameters, and find the tables it creates and
 * reads. A placeholder inside a string or comment is text, never a parameter.
 */
public final class SqlText {
    private static final Set<String> NOT_AN_ALIAS = Set.of("where", "group", "order", "limit", "join", "inner", "left",
            "right", "full", "cross", "natural", "on", "using", "union", "except", "intersect", "having", "window",
            "qualify", "offset", "fetch", "returning", "set", "values", "as", "lateral", "positional", "asof", "semi",
            "anti", "pivot", "unpivot", "sample", "tablesample", "outer", "select", "from", "into", "only");

    /** One statement ready for JDBC: {@code ?} where the placeholders were, their names in order. */
    public record Statement(String sql, List<String> params, int firstLine) {
    }

    /** What the cell's SQL defines and reads: created tables and views, read tables, placeholders. */
    public record Names(Set<String> createdTables, Set<String> readTables, Set<String> placeholders) {
    }

    enum Kind { WORD, QUOTED, PUNCT, STRING, PLACEHOLDER }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean punct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }

        /** An identifier as the database sees it: unquoted folds to lower case. */
        String name() {
            return kind == Kind.QUOTED ? text : text.toLowerCase(Locale.ROOT);
        }

        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }
    }

    private SqlText() {
    }

    public static List<Statement> statements(String sql) {
        List<Token> tokens = tokens(sql);
        List<Statement> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i == tokens.size() || tokens.get(i).punct(';')) {
                if (i > from) {
                    out.add(statement(sql, tokens.subList(from, i)));
                }
                from = i + 1;
            }
        }
        return out;
    }

    public static Names names(String sql) {
        List<Token> t = tokens(sql);
        Set<String> created = new LinkedHashSet<>();
        Set<String> read = new LinkedHashSet<>();
        Set<String> ctes = new LinkedHashSet<>();
        Set<String> placeholders = new LinkedHashSet<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() == Kind.PLACEHOLDER) {
                placeholders.add(tok.text());
                if (isTableReference(t, i)) {
                    read.add(tok.text()); // quoted when it runs: its case stays
                }
            } else if (tok.is("create")) {
                int j = skipWords(t, i + 1, "or", "replace", "temp", "temporary", "materialized");
                if (j < t.size() && (t.get(j).is("table") || t.get(j).is("view"))) {
                    j = skipWords(t, j + 1, "if", "not", "exists");
                    QualifiedName name = qualifiedName(t, j, true);
                    if (name != null) {
                        created.add(name.name());
                    }
                }
            } else if (tok.isName() && i + 2 < t.size() && t.get(i + 1).is("as") && t.get(i + 2).punct('(')
                    && i > 0 && (t.get(i - 1).is("with") || t.get(i - 1).is("recursive") || t.get(i - 1).punct(','))) {
                ctes.add(tok.name());
            } else if (tok.is("from") || tok.is("join") || tok.is("into") || tok.is("update")) {
                readTableList(t, i + 1, read);
            }
        }
        read.removeAll(created);
        read.removeAll(ctes);
        return new Names(created, read, placeholders);
    }

    private record QualifiedName(String name, int next) {
    }

    /**
     * {@code a}, {@code s.a} or {@code "My Table"} at {@code i}; null if none, or (unless a
     * parenthesis may follow, as in {@code CREATE TABLE t (…)}) if it is a function call.
     */
    private static QualifiedName qualifiedName(List<Token> t, int i, boolean parenthesisMayFollow) {
        if (i >= t.size() || !t.get(i).isName()) {
            return null;
        }
        StringBuilder name = new StringBuilder(t.get(i).name());
        int j = i + 1;
        while (j + 1 < t.size() && t.get(j).punct('.') && t.get(j + 1).isName()) {
            name.append('.').append(t.get(j + 1).name());
            j += 2;
        }
        if (!parenthesisMayFollow && j < t.size() && t.get(j).punct('(')) {
            return null; // read_csv(...), generate_series(...): a table function, not a table
        }
        return new QualifiedName(name.toString(), j);
    }

    /** {@code FROM a [AS] x, b y …}: every table of the list. */
    private static void readTableList(List<Token> t, int i, Set<String> read) {
        int j = skipWords(t, i, "only", "lateral");
        while (true) {
            QualifiedName name = qualifiedName(t, j, false);
            if (name == null || NOT_AN_ALIAS.contains(name.name())) {
                return;
            }
            read.add(name.name());
            j = name.next();
            if (j < t.size() && t.get(j).is("as")) {
                j++;
            }
            if (j < t.size() && t.get(j).isName() && !NOT_AN_ALIAS.contains(t.get(j).text().toLowerCase(Locale.ROOT))) {
                j++;
            }
            if (j < t.size() && t.get(j).punct(',')) {
                j++;
            } else {
                return;
            }
        }
    }

    private static int skipWords(List<Token> t, int i, String... words) {
        int j = i;
        while (j < t.size()) {
            boolean skipped = false;
            for (String w : words) {
                if (t.get(j).is(w)) {
                    skipped = true;
                    break;
                }
            }
            if (!skipped) {
                return j;
            }
            j++;
        }
        return j;
    }

    private static Statement statement(String sql, List<Token> tokens) {
        int start = tokens.getFirst().start();
        int end = tokens.getLast().end();
        StringBuilder text = new StringBuilder();
        List<String> params = new ArrayList<>();
        int at = start;
        for (int i = 0; i < tokens.size(); i++) {
            Token tok = tokens.get(i);
            if (tok.kind() == Kind.PLACEHOLDER) {
                text.append(sql, at, tok.start());
                if (isTableReference(tokens, i)) {
                    text.append('"').append(tok.text()).append('"'); // an identifier: letters, digits, _ only
                } else {
                    text.append('?');
                    params.add(tok.text());
                }
                at = tok.end();
            }
        }
        text.append(sql, at, end);
        int line = 1;
        for (int i = 0; i < start; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        return new Statement(text.toString(), params, line);
    }

    /** The files a statement names as string literals: read ({@code FROM 'x.csv'}, {@code read_csv('x')}) and written ({@code COPY … TO 'y'}). */
    public record FileNames(Set<String> reads, Set<String> writes) {
    }

    /** The literals {@link #resolveFiles} would resolve, as written; for statements DuckDB cannot serialise (COPY, CREATE … AS). */
    public static FileNames files(String sql) {
        List<Token> t = tokens(sql);
        Set<String> reads = new LinkedHashSet<>();
        Set<String> writes = new LinkedHashSet<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() == Kind.STRING && !tok.text().isEmpty() && sql.charAt(tok.start()) == '\'' && readsAFile(t, i)) {
                (t.get(i - 1).is("to") ? writes : reads).add(tok.text().replace("''", "'"));
            }
        }
        return new FileNames(reads, writes);
    }

    /** Tokens outside comments; strings and quoted identifiers are single tokens. */
    static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2; // doubled quote: an escaped quote inside
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                int end = Math.min(j + 1, n);
                out.add(new Token(c == '"' ? Kind.QUOTED : Kind.STRING, sql.substring(i + 1, Math.min(j, n)), i, end));
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                out.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '{' && placeholderEnd(sql, i) > 0) {
                int end = placeholderEnd(sql, i);
                out.add(new Token(Kind.PLACEHOLDER, sql.substring(i + 1, end - 1), i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
                    j++;
                }
                out.add(new Token(Kind.WORD, sql.substring(i, j), i, j));
                i = j;
            } else {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }

    /**
     * Makes relative file names absolute in {@code folder}: string literals read as files
     * ({@code FROM 'sales.csv'}, {@code read_csv('data/*.csv')}, {@code COPY … TO 'out.csv'}).
     * The database then finds them beside the notebook, not wherever the daemon started.
     * Line structure is unchanged, so error lines still point into the cell.
     */
    public static String resolveFiles(String sql, java.nio.file.Path folder) {
        List<Token> t = tokens(sql);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() != Kind.STRING || tok.text().isEmpty() || tok.text().startsWith("/") || tok.text().contains("://")
                    || sql.charAt(tok.start()) != '\'' || !readsAFile(t, i)) {
                continue;
            }
            String absolute = folder.resolve(tok.text()).normalize().toString().replace("'", "''");
            out.append(sql, at, tok.start()).append('\'').append(absolute).append('\'');
            at = tok.end();
        }
        return out.append(sql, at, sql.length()).toString();
    }

    /**
     * {@code FROM {df}} or {@code JOIN {df}}: a placeholder where a table goes is the table of
     * that name (a DataFrame, on DuckDB), not a value: a JDBC parameter cannot stand for a table.
     */
    private static boolean isTableReference(List<Token> t, int i) {
        return i > 0 && (t.get(i - 1).is("from") || t.get(i - 1).is("join"));
    }

    private static boolean readsAFile(List<Token> t, int i) {
        if (i == 0) {
            return false;
        }
        Token before = t.get(i - 1);
        if (before.is("from") || before.is("join") || before.is("to")) {
            return true;
        }
        if (before.punct('(') && i >= 2 && t.get(i - 2).kind() == Kind.WORD) {
            String fn = t.get(i - 2).text().toLowerCase(Locale.ROOT);
            return fn.startsWith("read_") || fn.equals("parquet_scan") || fn.equals("glob") || fn.equals("sniff_csv");
        }
        return false;
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, else null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }

    /** The end (exclusive) of {@code {identifier}} at {@code i}, or -1. */
    private static int placeholderEnd(String sql, int i) {
        int j = i + 1;
        if (j >= sql.length() || !(Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            return -1;
        }
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '}' ? j + 1 : -1;
    }
}
