package dev.cellar.daemon.store;

import dev.cellar.daemon.notebook.Settings;
import dev.cellar.protocol.model.CellKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The percent format (DESIGN.md §6), the one VS Code, PyCharm, Spyder and Jupytext read:
 * {@code # %% id=k3f9a2} starts a Python cell, {@code # %% [sql] id=… out=df} an SQL cell
 * and {@code # %% [markdown] id=…} a markdown cell, whose lines are stored as {@code # }
 * comments. Cells are separated by one blank line.
 *
 * <p>{@link #format} is canonical and {@link #parse} inverts it exactly, so a file Cellar
 * wrote reads back and saves byte for byte. Foreign files (no ids, no blank separators,
 * text before the first marker) are read leniently and normalised on their first save.
 */
public final class PercentFormat {
    private static final Pattern MARKER = Pattern.compile("^#\\s?%%(?:\\s+(.*))?$");
    private static final Pattern KIND = Pattern.compile("^\\[(\\w+)]$");
    private static final Pattern SETTINGS_LINE = Pattern.compile("^#\\s*cellar:(.*)$");
    private static final String BOM = "\uFEFF";
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /**
     * A cell's line that this or another tool could read as a cell marker ({@code # %%},
     * {@code #%%}, {@code #   %% [sql]}…, as VS Code's {@code ^#\s*%%} does) is stored with one more
     * backslash before its {@code %%}: {@code # %% id=x} is saved as {@code # \%% id=x}, a line
     * that already reads {@code # \%%} as {@code # \\%%}, and reading removes one backslash
     * again. Every stored line of that shape has at least one backslash, so the escape is
     * reversible and any code round-trips, whoever wrote it (a user, the assistant, an agent).
     */
    private static final Pattern MARKER_LIKE = Pattern.compile("^(#\\s*\\\\*)%%");
    private static final Pattern ESCAPED_MARKER = Pattern.compile("^(#\\s*\\\\*)\\\\%%");

    private PercentFormat() {
    }

    public static StoredNotebook parse(String text) {
        if (text.startsWith(BOM)) {
            // kept at the front of the header, so the first marker is seen and the file saves as it came
            StoredNotebook rest = parse(text.substring(BOM.length()));
            return new StoredNotebook(BOM + rest.header(), rest.settings(), rest.cells(), rest.problems());
        }
        String[] lines = text.split("\n", -1);
        List<Integer> markers = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (MARKER.matcher(lines[i]).matches()) {
                markers.add(i);
            }
        }
        if (markers.isEmpty()) {
            return parseUnmarked(text, lines);
        }
        List<StoredCell> cells = new ArrayList<>();
        String before = join(lines, 0, markers.getFirst());
        String header = "";
        if (isCommentsOnly(lines, 0, markers.getFirst())) {
            header = before;
        } else {
            cells.add(new StoredCell(null, CellKind.PYTHON, stripNewlines(before, 2), null, ""));
        }
        for (int m = 0; m < markers.size(); m++) {
            int start = markers.get(m);
            int end = m + 1 < markers.size() ? markers.get(m + 1) : lines.length;
            boolean last = m + 1 == markers.size();
            // the block's text after the marker line: the body, its newline, and (unless last) the blank separator
            String block = end > start + 1 ? join(lines, start + 1, end) : "";
            if (last && !block.isEmpty()) {
                block = block.substring(0, block.length() - 1); // the join above adds a newline the file's last line lacks
            }
            String body = stripNewlines(block, last ? 1 : 2);
            cells.add(cellFromMarker(lines[start], body));
        }
        List<String> problems = new ArrayList<>();
        return new StoredNotebook(header, settingsIn(header, problems), cells, problems);
    }

    public static String format(StoredNotebook notebook) {
        StringBuilder out = new StringBuilder(notebook.header());
        List<StoredCell> cells = notebook.cells();
        for (int i = 0; i < cells.size(); i++) {
            StoredCell cell = cells.get(i);
            if (i > 0) {
                out.append('\n');
            }
            out.append(marker(cell)).append('\n');
            out.append(escapeMarkers(cell.kind() == CellKind.PYTHON ? cell.code() : commentOut(cell.code()))).append('\n');
        }
        return out.toString();
    }

    public static boolean isValidId(String id) {
        return id != null && VALID_ID.matcher(id).matches();
    }

    private static StoredNotebook parseUnmarked(String text, String[] lines) {
        if (text.isBlank() || isCommentsOnly(lines, 0, lines.length) && SETTINGS_LINE.matcher(lines[0]).matches()) {
            List<String> problems = new ArrayList<>();
            return new StoredNotebook(text, settingsIn(text, problems), List.of(), problems);
        }
        String code = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return new StoredNotebook("", Settings.DEFAULTS, List.of(new StoredCell(null, CellKind.PYTHON, code, null, "")));
    }

    private static StoredCell cellFromMarker(String markerLine, String body) {
        Matcher m = MARKER.matcher(markerLine);
        m.matches();
        String rest = m.group(1) == null ? "" : m.group(1).strip();
        CellKind kind = CellKind.PYTHON;
        String id = null;
        String out = null;
        List<String> extra = new ArrayList<>();
        for (String token : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
            Matcher k = KIND.matcher(token);
            if (k.matches() && kindOf(k.group(1)) != null) {
                kind = kindOf(k.group(1));
            } else if (token.startsWith("id=") && id == null && isValidId(token.substring(3))) {
                id = token.substring(3);
            } else if (token.startsWith("out=") && out == null && token.length() > 4) {
                out = token.substring(4);
            } else {
                extra.add(token);
            }
        }
        String unescaped = unescapeMarkers(body);
        String code = kind == CellKind.PYTHON ? unescaped : uncomment(unescaped);
        return new StoredCell(id, kind, code, out, String.join(" ", extra));
    }

    private static CellKind kindOf(String tag) {
        return switch (tag.toLowerCase(java.util.Locale.ROOT)) {
            case "sql" -> CellKind.SQL;
            case "markdown", "md" -> CellKind.MARKDOWN;
            case "python", "py" -> CellKind.PYTHON;
            default -> null;
        };
    }

    private static String marker(StoredCell cell) {
        StringBuilder m = new StringBuilder("# %%");
        if (cell.kind() != CellKind.PYTHON) {
            m.append(" [").append(cell.kind().wireName()).append(']');
        }
        m.append(" id=").append(cell.id());
        if (cell.out() != null) {
            m.append(" out=").append(cell.out());
        }
        if (cell.markerExtra() != null && !cell.markerExtra().isEmpty()) {
            m.append(' ').append(cell.markerExtra());
        }
        return m.toString();
    }

    private static String escapeMarkers(String body) {
        return eachLine(body, line -> {
            Matcher m = MARKER_LIKE.matcher(line);
            return m.lookingAt() ? line.substring(0, m.end(1)) + "\\" + line.substring(m.end(1)) : line;
        });
    }

    private static String unescapeMarkers(String body) {
        return eachLine(body, line -> {
            Matcher m = ESCAPED_MARKER.matcher(line);
            return m.lookingAt() ? line.substring(0, m.end(1)) + line.substring(m.end(1) + 1) : line;
        });
    }

    private static String eachLine(String text, java.util.function.UnaryOperator<String> change) {
        if (!text.contains("%%")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(change.apply(lines[i]));
        }
        return out.toString();
    }

    private static String commentOut(String code) {
        StringBuilder out = new StringBuilder();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(lines[i].isEmpty() ? "#" : "# " + lines[i]);
        }
        return out.toString();
    }

    private static String uncomment(String body) {
        StringBuilder out = new StringBuilder();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i];
            out.append(line.equals("#") ? "" : line.startsWith("# ") ? line.substring(2) : line);
        }
        return out.toString();
    }

    /** The settings in a header's {@code # cellar:} lines; what cannot be read keeps its default and is told in {@code problems}. */
    static Settings settingsIn(String header, List<String> problems) {
        Settings d = Settings.DEFAULTS;
        boolean autorun = d.autorun();
        Duration timeout = d.cellTimeout();
        String sqlUrl = d.sqlUrl();
        boolean duckdbFile = d.duckdbFile();
        int previewRows = d.previewRows();
        long maxRows = d.maxRows();
        String approval = d.approval();
        String python = d.python();
        long memoryLimit = d.memoryLimit();
        SettingValues read = new SettingValues(problems);
        long outputLimit = d.outputLimit();
        boolean sandbox = d.sandbox();
        List<String> env = d.env();
        for (String line : header.split("\n")) {
            Matcher m = SETTINGS_LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            for (String pair : m.group(1).strip().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    read.notAPair(pair);
                    continue;
                }
                String key = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                switch (key) {
                    case "autorun" -> autorun = read.bool(key, value, autorun);
                    case "cell-timeout" -> timeout = read.seconds(key, value, timeout);
                    case "sql" -> sqlUrl = value;
                    case "duckdb" -> duckdbFile = read.oneOf(key, value, duckdbFile ? "file" : "memory", "file", "memory").equals("file");
                    case "preview-rows" -> previewRows = (int) read.count(key, value, previewRows);
                    case "max-rows" -> maxRows = read.count(key, value, maxRows);
                    case "approval" -> approval = read.oneOf(key, value, approval, "auto", "ask-destructive", "ask-all");
                    case "python" -> python = value;
                    case "memory" -> memoryLimit = read.bytes(key, value, memoryLimit);
                    case "output-limit" -> outputLimit = read.bytes(key, value, outputLimit);
                    // a value that cannot be read fails safe: the user asked for something about a sandbox
                    case "sandbox" -> sandbox = read.oneOf(key, value, "on", "on", "off").equals("on");
                    case "env" -> env = read.names(key, value, env);
                    default -> read.unknown(key, value); // kept in the header untouched
                }
            }
        }
        return new Settings(autorun, timeout, sqlUrl, duckdbFile, previewRows, maxRows, approval, python, memoryLimit,
                outputLimit, sandbox, env);
    }

    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)([KkMmGgTt]?)[Bb]?");

    /** {@code 4G}, {@code 512M}, {@code 100K} or plain bytes; {@code fallback} when it is none of these. */
    static long parseBytes(String value, long fallback) {
        Matcher m = BYTES.matcher(value.strip());
        if (!m.matches()) {
            return fallback;
        }
        long scale = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> 1;
        };
        return (long) (Double.parseDouble(m.group(1)) * scale);
    }

    private static boolean isCommentsOnly(String[] lines, int from, int to) {
        for (int i = from; i < to; i++) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                return false;
            }
        }
        return true;
    }

    /** Lines [from, to) each followed by a newline. */
    private static String join(String[] lines, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    private static String stripNewlines(String s, int max) {
        String r = s;
        for (int i = 0; i < max && r.endsWith("\n"); i++) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
