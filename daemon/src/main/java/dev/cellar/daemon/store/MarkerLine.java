package dev.cellar.daemon.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.model.MarkerWords;
import dev.cellar.protocol.model.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell's marker line, read and written as Jupytext reads it ({@code cell_reader.py},
 * {@code cell_metadata.py}): after {@code # %%} come an optional title, the cell type in
 * brackets, and metadata as {@code key=value} pairs with JSON values (or one JSON object):
 * {@code # %% Load the data [markdown] id="k3f9a2" tags=["a"]}.
 *
 * <p>Cellar's own keys are the cell type, {@code id} and {@code out}. Reading takes them out
 * and keeps everything else of the line as it was (the cell's {@code markerExtra}); writing
 * puts them back where Jupytext expects them (the cell type after the title, {@code id} and
 * {@code out} before the other metadata) and changes nothing else, so a line Cellar did not
 * change comes back byte for byte. Old forms are still read ({@code id=k3f9a2},
 * {@code out=df}, a bare {@code parameters}) and written the new way ({@code id="k3f9a2"},
 * {@code out="df"}, {@code tags=["parameters"]}).
 *
 * <p>What a Jupytext reader sees of an SQL cell ({@code # %% [sql] id="q1" out="df"} and
 * its SQL as {@code # } comments): a code cell whose title is {@code [sql]} (Jupytext knows
 * only {@code [markdown]}, {@code [md]} and {@code [raw]} as cell types; any other bracketed
 * word stays in the title), with metadata {@code id} and {@code out}, and whose source is the
 * commented SQL, so it does nothing if Jupyter runs it. Jupytext writes it back unchanged.
 */
final class MarkerLine {
    /** Jupytext's start of a cell ({@code ^\s*#\s*%%(%*)\s}), at the start of the line as Cellar's older files need. */
    static final Pattern MARKER = Pattern.compile("^(#\\s*%%)(%*(?:\\s.*)?)$");
    private static final Pattern KIND = Pattern.compile("^\\[(\\w+)]$");
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final String PARAMETERS_TAG = "tags=[\"parameters\"]";

    private final String prefix;
    private final List<String> seps = new ArrayList<>();
    private final List<String> words = new ArrayList<>();
    private String trailing = "";

    private MarkerLine(String prefix, String rest) {
        this.prefix = prefix;
        split(rest);
    }

    /** What Cellar reads from a marker line: the kind, id and out it names, and the rest of the line. */
    record Read(CellKind kind, String id, String out, String markerExtra) {
    }

    static boolean isMarker(String line) {
        return MARKER.matcher(line).matches();
    }

    static boolean isValidId(String id) {
        return id != null && VALID_ID.matcher(id).matches();
    }

    /** Reads a line for which {@link #isMarker} holds. */
    static Read read(String line) {
        return read(line, false);
    }

    /**
     * {@code legacy}: the line is what an older Cellar kept of a marker line (what followed
     * the id), where a bare {@code parameters} was the tag; in a line with an unquoted
     * {@code id=} it was too. Elsewhere it is a word of the title, as Jupytext reads it.
     */
    private static Read read(String line, boolean legacy) {
        MarkerLine m = of(line);
        for (String w : m.words) {
            legacy |= w.startsWith("id=") && !w.startsWith("id=\"") && !w.startsWith("id='");
        }
        CellKind kind = null;
        boolean parametersTagged = false;
        for (String w : m.words) {
            parametersTagged |= w.startsWith("tags=") && w.contains("\"parameters\"");
            kind = kind == null ? kindOf(w) : kind;
        }
        kind = kind == null ? CellKind.PYTHON : kind;
        boolean sql = kind == CellKind.SQL; // out= is Cellar's on an SQL cell; on another, someone's metadata
        String id = null;
        String out = null;
        for (int i = 0; i < m.words.size(); i++) {
            String w = m.words.get(i);
            if (w.startsWith("id=") && id == null) {
                id = validIdOrNull(unquote(w.substring(3)));
                m.remove(i--); // written again by render(), in the new form
            } else if (sql && w.startsWith("out=") && out == null && w.length() > 4) {
                out = unquote(w.substring(4));
                m.remove(i--);
            } else if (w.equals("parameters") && legacy) { // Cellar's older form of the tag
                if (parametersTagged) {
                    m.remove(i--);
                } else {
                    m.words.set(i, PARAMETERS_TAG);
                    parametersTagged = true;
                }
            } else if (w.startsWith("{")) {
                JsonNode json = MarkerJson.object(w);
                if (json != null && id == null && out == null) {
                    id = json.path("id").isTextual() ? validIdOrNull(json.get("id").asText()) : null;
                    out = sql && json.path("out").isTextual() ? json.get("out").asText() : null;
                    String rest = MarkerJson.withoutKey(w, "id", json); // written again by render()
                    m.words.set(i, sql ? MarkerJson.withoutKey(rest, "out", MarkerJson.object(rest)) : rest);
                }
            }
        }
        return new Read(kind, id, out, m.toString());
    }

    /**
     * The marker line for a cell: {@code markerExtra} (a line {@link #read} gave, or for a cell
     * made in Cellar empty or just metadata such as {@code tags=["parameters"]}) with the kind,
     * id and out put in. A null id is left out (a file read but not yet given ids).
     */
    static String render(String markerExtra, CellKind kind, String id, String out) {
        String extra = markerExtra == null ? "" : markerExtra;
        // a markerExtra kept by an older Cellar may still hold id= or a bare parameters
        MarkerLine m = of(read(of(extra).toString(), !MARKER.matcher(extra).matches()).markerExtra());
        boolean sql = kind == CellKind.SQL;
        String sqlOut = sql ? out : null;
        m.patchKind(kind);
        for (int i = 0; i < m.words.size(); i++) {
            String w = m.words.get(i);
            if (sql && w.startsWith("out=")) {
                m.remove(i--); // the cell became an SQL cell: its out is Cellar's now
            } else if (w.startsWith("{") && MarkerJson.object(w) != null) {
                m.words.set(i, MarkerJson.withKeys(MarkerJson.object(w), w, id, sqlOut, sql)); // a JSON metadata line stays JSON
                return m.toString();
            }
        }
        int at = m.metadataStart();
        if (id != null) {
            m.insert(at++, "id=\"" + id + "\"");
        }
        if (sqlOut != null) {
            m.insert(at, "out=\"" + sqlOut + "\"");
        }
        return m.toString();
    }

    /** The cell kind a bracketed word names ({@code [sql]}, {@code [markdown]}, {@code [md]}, {@code [raw]}), or null. */
    static CellKind kindOf(String word) {
        Matcher k = KIND.matcher(word);
        if (!k.matches()) {
            return null;
        }
        return switch (k.group(1).toLowerCase(Locale.ROOT)) {
            case "sql" -> CellKind.SQL;
            case "markdown", "md" -> CellKind.MARKDOWN;
            case "raw" -> CellKind.RAW;
            case "python", "py" -> CellKind.PYTHON;
            default -> null;
        };
    }

    private void patchKind(CellKind kind) {
        for (int i = 0; i < words.size(); i++) {
            CellKind k = kindOf(words.get(i));
            if (k == null) {
                continue;
            }
            if (k == kind) {
                return; // as the file had it: [md] stays [md]
            }
            if (kind == CellKind.PYTHON) {
                remove(i);
            } else {
                words.set(i, tag(kind));
            }
            return;
        }
        if (kind != CellKind.PYTHON) {
            insert(metadataStart(), tag(kind));
        }
    }

    private static String tag(CellKind kind) {
        return "[" + kind.wireName() + "]";
    }

    /** Where Jupytext's title ends: at the first {@code key=value} word or JSON object, else at the end of the line. */
    private int metadataStart() {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("{") || w.indexOf('=') > 0) {
                return i;
            }
        }
        return words.size();
    }

    private void insert(int at, String word) {
        words.add(at, word);
        seps.add(at, " ");
    }

    private void remove(int at) {
        words.remove(at);
        seps.remove(at);
    }

    private static MarkerLine of(String line) {
        Matcher m = MARKER.matcher(line);
        if (m.matches()) {
            return new MarkerLine(m.group(1), m.group(2));
        }
        // a cell made in Cellar, or a markerExtra of an older Cellar (only what followed the id)
        return new MarkerLine("# %%", line.isEmpty() ? "" : " " + line);
    }

    /**
     * Splits what follows {@code %%} into words and the blanks before each. A title's words
     * split at blanks; a value (after {@code key=}) or a JSON object runs to its closing quote
     * or bracket, so {@code slideshow={"slide_type": "slide"}} is one word.
     */
    private void split(String rest) {
        MarkerWords split = MarkerWords.of(rest);
        seps.addAll(split.separators());
        words.addAll(split.words());
        trailing = split.trailing();
    }

    private static String unquote(String value) {
        return MarkerWords.unquote(value);
    }

    private static String validIdOrNull(String id) {
        return isValidId(id) ? id : null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(prefix);
        for (int i = 0; i < words.size(); i++) {
            out.append(seps.get(i)).append(words.get(i));
        }
        return out.append(trailing).toString();
    }
}
