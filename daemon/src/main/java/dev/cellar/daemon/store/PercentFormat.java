package dev.cellar.daemon.store;

import dev.cellar.daemon.model.FileBody;
import dev.cellar.daemon.model.Settings;
import dev.cellar.protocol.model.CellKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The percent format (docs/ARCHITECTURE.md §7), the one VS Code, PyCharm, Spyder and Jupytext read:
 * {@code # %% id="k3f9a2"} starts a Python cell, {@code # %% [sql] id="…" out="df"} an SQL
 * cell, {@code # %% [markdown] id="…"} a markdown cell and {@code # %% [raw] id="…"} a raw
 * cell, whose lines are stored as {@code # } comments. Cells are separated by one blank line.
 * Every key Cellar writes on a marker line is one Jupytext reads as cell metadata
 * ({@code key=value}, the value JSON); {@link MarkerLine} says what Jupytext sees of each
 * kind of cell, an SQL cell included.
 *
 * <p>A file Cellar wrote reads back and saves byte for byte. So does a file another tool
 * wrote (Jupytext, VS Code, a person): what Cellar reads of a cell keeps the marker line's
 * title, cell type and metadata ({@link StoredCell#markerExtra}) and the body as it was
 * ({@link FileBody}), and saving changes only what changed: the ids Cellar adds, and the
 * cells whose code or kind changed. A YAML header ({@code # ---} … {@code # ---}) and any
 * other comments before the first cell are the header, kept verbatim beside Cellar's own
 * {@code # cellar:} lines. Text before the first marker that is not only comments is a cell.
 */
public final class PercentFormat {
    private static final Pattern SETTINGS_LINE = Pattern.compile("^#\\s*cellar:(.*)$");
    private static final String BOM = "\uFEFF";

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
            if (MarkerLine.isMarker(lines[i])) {
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
            FileBody file = fileBody(CellKind.PYTHON, before, false);
            cells.add(new StoredCell(null, CellKind.PYTHON, file.code(), null, "", file));
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
            MarkerLine.Read marker = MarkerLine.read(lines[start]);
            FileBody file = fileBody(marker.kind(), block, last);
            cells.add(new StoredCell(marker.id(), marker.kind(), file.code(), marker.out(), marker.markerExtra(), file));
        }
        List<String> problems = new ArrayList<>();
        return new StoredNotebook(header, settingsIn(header, problems), cells, problems);
    }

    public static String format(StoredNotebook notebook) {
        StringBuilder out = new StringBuilder(notebook.header());
        List<StoredCell> cells = notebook.cells();
        for (int i = 0; i < cells.size(); i++) {
            StoredCell cell = cells.get(i);
            boolean last = i + 1 == cells.size();
            FileBody file = cell.file();
            out.append(MarkerLine.render(cell.markerExtra(), cell.kind(), cell.id(), cell.out())).append('\n');
            if (file != null && file.holds(cell.kind(), cell.code())) {
                out.append(file.body()).append(file.last() == last ? file.separator() : separator(last));
            } else {
                out.append(CellBody.write(cell.kind(), cell.code(), file)).append(separator(last));
            }
        }
        return out.toString();
    }

    /**
     * Whether two cells of this kind have the same marker line but for the id and out, whatever
     * form each {@code markerExtra} has: a cell made in Cellar ({@code ""}) and the same cell
     * read back from the file Cellar wrote ({@code # %% [markdown]}) have the same. For
     * telling a change of a cell's title or metadata on disk from Cellar's own writing.
     */
    public static boolean sameMarker(String markerExtra, String other, CellKind kind) {
        return MarkerLine.render(markerExtra, kind, null, null).equals(MarkerLine.render(other, kind, null, null));
    }

    /** What follows a body Cellar writes: its line's end, and a blank line unless it is the last. */
    private static String separator(boolean last) {
        return last ? "\n" : "\n\n";
    }

    private static FileBody fileBody(CellKind kind, String block, boolean last) {
        String body = stripNewlines(block, last ? 1 : 2);
        return new FileBody(kind, CellBody.read(kind, body), body, block.substring(body.length()), last);
    }

    /**
     * Whether {@code text} is a notebook rather than some other file that happens to be
     * readable: empty (or blank), or with a cell marker ({@code # %%}), or a header of
     * comments holding a {@code # cellar:} line before any code. A plain script, a shell's rc
     * file or a key is none of these.
     */
    public static boolean isNotebookText(String text) {
        String body = text.startsWith(BOM) ? text.substring(BOM.length()) : text;
        if (body.isBlank()) {
            return true;
        }
        boolean inHeader = true;
        for (String line : body.split("\n", -1)) {
            if (MarkerLine.isMarker(line)) {
                return true;
            }
            String l = line.strip();
            if (inHeader && SETTINGS_LINE.matcher(l).matches()) {
                return true;
            }
            if (!l.isEmpty() && !l.startsWith("#")) {
                inHeader = false;
            }
        }
        return false;
    }

    public static boolean isValidId(String id) {
        return MarkerLine.isValidId(id);
    }

    private static StoredNotebook parseUnmarked(String text, String[] lines) {
        if (text.isBlank() || isCommentsOnly(lines, 0, lines.length) && SETTINGS_LINE.matcher(lines[0]).matches()) {
            List<String> problems = new ArrayList<>();
            return new StoredNotebook(text, settingsIn(text, problems), List.of(), problems);
        }
        FileBody file = fileBody(CellKind.PYTHON, text, true);
        return new StoredNotebook("", Settings.DEFAULTS, List.of(new StoredCell(null, CellKind.PYTHON, file.code(), null, "", file)));
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
        Boolean sqlAutorun = d.sqlAutorun();
        List<String> net = d.net();
        List<String> conns = d.conns();
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
                    case "net" -> net = read.endpoints(key, value, net);
                    // unreadable: by the connection, the narrower of the two where it matters
                    case "sql-autorun" -> sqlAutorun = switch (read.oneOf(key, value, "default", "on", "off")) {
                        case "on" -> Boolean.TRUE;
                        case "off" -> Boolean.FALSE;
                        default -> null;
                    };
                    case "conns" -> conns = read.connections(key, value, conns);
                    default -> read.unknown(key, value); // kept in the header untouched
                }
            }
        }
        return new Settings(autorun, timeout, sqlUrl, duckdbFile, previewRows, maxRows, approval, python, memoryLimit,
                outputLimit, sandbox, env, sqlAutorun, net, conns);
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
