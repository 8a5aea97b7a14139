package dev.cellar.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPython's magics ({@code %matplotlib inline}, {@code %%time}, {@code !pip install x}) are not
 * Python: kept as they are, an imported cell fails with a syntax error. They become comments
 * that say what was removed, so the import is honest and the rest of the cell runs.
 */
final class IpythonMagics {
    private static final Pattern LINE_MAGIC = Pattern.compile("^(\\s*)(%[A-Za-z_]\\w*.*)$");
    private static final Pattern SHELL = Pattern.compile("^(\\s*)(![^=\\s].*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^%%([A-Za-z_]\\w*).*");
    /** Cell magics that only wrap Python code: the rest of the cell stays code. */
    private static final Set<String> PYTHON_CELL_MAGICS = Set.of("time", "timeit", "capture", "prun");

    private IpythonMagics() {
    }

    /** The code with its magics commented out, and each removed magic line. */
    record Cleaned(String code, List<String> removed, List<String> converted) {
    }

    private static final Pattern HELP = Pattern.compile("^(\\s*)(?:\\?{1,2}([A-Za-z_][\\w.]*)|([A-Za-z_][\\w.]*)\\?{1,2})\\s*$");
    /** Groups: indent, magic, options ({@code -n 10 -r 3}), statement. */
    private static final Pattern TIMED = Pattern.compile("^(\\s*)%(timeit|time)\\s+((?:-[A-Za-z](?:\\s*\\d+)?\\s+)*)(.+)$");
    private static final Pattern CD = Pattern.compile("^(\\s*)%cd\\s+(.+?)\\s*$");
    private static final Pattern ENV = Pattern.compile("^(\\s*)%env\\s+([A-Za-z_]\\w*)(?:\\s*=\\s*|\\s+)(.*?)\\s*$");
    private static final Pattern BANG = Pattern.compile("^(\\s*)(?:([A-Za-z_]\\w*)\\s*=\\s*)?!([^=\\s].*)$");

    /** {@code obj?} and {@code obj??}: IPython's help, which Python has as {@code help(obj)}. */
    private static String helpLine(String line) {
        Matcher m = HELP.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return m.group(1) + "help(" + (m.group(2) != null ? m.group(2) : m.group(3)) + ")  # cellar: was " + line.strip();
    }

    /**
     * The IPython lines that have a plain Python meaning, as marimo converts them: {@code %time}
     * and {@code %timeit} run their statement timed ({@link IpythonTiming}); {@code %cd}, {@code %env} and
     * {@code !cmd} become {@code os.chdir}, {@code os.environ} and {@code subprocess.run}, with a
     * note. Null: not one of them ({@code !pip install} stays a comment: packages are not a cell's
     * business).
     */
    static String asPython(String line, boolean last) {
        String note = "  # cellar: was " + line.strip();
        Matcher m = TIMED.matcher(line);
        if (m.matches()) {
            String in = m.group(1);
            if (m.group(2).equals("timeit")) {
                return IpythonTiming.timeit(in, m.group(3), m.group(4), note);
            }
            // an expression ending the cell stays its value, shown after the time as IPython shows it
            return IpythonTiming.time(in, m.group(4), note, last && in.isEmpty());
        }
        m = CD.matcher(line);
        if (m.matches()) {
            return m.group(1) + "import os" + note + "\n" + m.group(1) + "os.chdir(" + literal(m.group(2)) + ")";
        }
        m = ENV.matcher(line);
        if (m.matches()) {
            return m.group(1) + "import os" + note + "\n" + m.group(1) + "os.environ[" + literal(m.group(2)) + "] = "
                    + literal(m.group(3));
        }
        m = BANG.matcher(line);
        if (m.matches() && !m.group(3).strip().matches("(\\S*/)?pip3?\\s.*|.*\\s-m\\s+pip\\s.*|conda\\s.*")) {
            String in = m.group(1);
            String command = shellLiteral(m.group(3).strip());
            String run = "subprocess.run(" + command + ", shell=True"
                    // as IPython, !cmd shows the command's output, not a value: the trailing ; hides the CompletedProcess
                    + (m.group(2) != null ? ", capture_output=True, text=True).stdout.splitlines()" : ");");
            return in + "import subprocess" + note + "\n" + in + (m.group(2) != null ? m.group(2) + " = " : "") + run;
        }
        return null;
    }

    private static final Pattern LAMBDA = Pattern.compile("lambda\\b");
    private static final Pattern STATEMENT = Pattern.compile("^(import|from|del|pass|global|nonlocal|assert|raise|return"
            + "|for|while|if|with|try|def|class|print\\b).*");

    /**
     * No assignment or annotation outside brackets and no statement keyword: good enough to keep
     * a value. A {@code :} outside brackets is a lambda's (one per {@code lambda} before it) or
     * an annotation's ({@code x: int}, a statement that shows nothing).
     */
    static boolean looksLikeExpression(String code) {
        if (STATEMENT.matcher(code).matches()) {
            return false;
        }
        int depth = 0;
        char quote = 0;
        int lambdas = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote == 0 && depth == 0 && LAMBDA.matcher(code).region(i, code.length()).lookingAt()
                    && (i == 0 || !Character.isJavaIdentifierPart(code.charAt(i - 1)))) {
                lambdas++;
            }
            if (quote == 0 && depth == 0 && c == ':' && (i + 1 >= code.length() || code.charAt(i + 1) != '=')) {
                if (lambdas == 0) {
                    return false;
                }
                lambdas--;
            }
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            } else if (c == '=' && depth == 0) {
                char before = i > 0 ? code.charAt(i - 1) : ' ';
                char after = i + 1 < code.length() ? code.charAt(i + 1) : ' ';
                boolean shift = i > 1 && (before == '>' || before == '<') && code.charAt(i - 2) == before; // >>= <<=
                if (after != '=' && ("=<>!".indexOf(before) < 0 || shift)) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** A Python string literal of {@code text}. */
    private static String literal(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** IPython expands {@code {expr}} and {@code $name} in shell commands: an f-string does the same. */
    private static String shellLiteral(String command) {
        if (!command.contains("{") && !command.contains("$")) {
            return literal(command);
        }
        return "f" + literal(command.replaceAll("\\$([A-Za-z_]\\w*)", "{$1}"));
    }

    /** Whether the line leaves a triple-quoted string open that was not (or the reverse): an odd count. */
    static boolean opensOrClosesString(String line) {
        int count = 0;
        for (String q : new String[] {"\"\"\"", "\'\'\'"}) {
            for (int at = line.indexOf(q); at >= 0; at = line.indexOf(q, at + 3)) {
                count++;
            }
        }
        return count % 2 == 1;
    }

    static Cleaned commentOut(String code) {
        List<String> removed = new ArrayList<>();
        List<String> converted = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        Matcher cell = CELL_MAGIC.matcher(lines[0]);
        if (cell.matches() && (cell.group(1).equals("time") || cell.group(1).equals("timeit"))) {
            return timedCell(code, cell.group(1), lines[0].strip());
        }
        boolean wholeCell = cell.matches() && !PYTHON_CELL_MAGICS.contains(cell.group(1));
        StringBuilder out = new StringBuilder();
        int lastLine = lines.length - 1;
        while (lastLine > 0 && lines[lastLine].isBlank()) {
            lastLine--;
        }
        boolean inString = false;
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i];
            if (wholeCell) {
                if (i == 0) {
                    removed.add(line.strip() + " (the whole cell)");
                    out.append("# cellar: removed ").append(line.strip()).append(", not Python; its lines follow as comments\n");
                }
                out.append(line.isEmpty() ? "#" : "# " + line);
                continue;
            }
            Matcher magic = LINE_MAGIC.matcher(line);
            Matcher shell = SHELL.matcher(line);
            String indent = magic.matches() ? magic.group(1) : shell.matches() ? shell.group(1) : null;
            if (i == 0 && cell.matches()) {
                indent = "";
            }
            boolean stringLine = inString;
            inString ^= opensOrClosesString(line);
            if (stringLine) { // a line of a triple-quoted string is text, whatever it looks like
                out.append(line);
                continue;
            }
            String python = helpLine(line) != null ? helpLine(line) : asPython(line, i == lastLine);
            if (python != null) {
                converted.add(line.strip());
                out.append(python);
                continue;
            }
            if (indent == null) {
                out.append(line);
                continue;
            }
            removed.add(line.strip());
            out.append(indent).append("# cellar: removed ").append(line.strip());
            if (!indent.isEmpty()) {
                out.append('\n').append(indent).append("pass"); // the block it sat in must keep a statement
            }
        }
        return new Cleaned(out.toString(), removed, converted);
    }

    /** {@code %%time} and {@code %%timeit}: the cell's code (its own magics made Python first), timed. */
    private static Cleaned timedCell(String code, String magic, String first) {
        int newline = code.indexOf('\n');
        Cleaned body = commentOut(newline < 0 ? "" : code.substring(newline + 1));
        String note = "  # cellar: was " + first;
        String python = magic.equals("time")
                ? IpythonTiming.time("", body.code(), note, true)
                : IpythonTiming.timeit("", first.substring(("%%" + magic).length()), body.code(), note);
        List<String> converted = new ArrayList<>(List.of(first));
        converted.addAll(body.converted());
        return new Cleaned(python, body.removed(), converted);
    }
}
